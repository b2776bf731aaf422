// EVTX reader (reference §1): a library that knows nothing about artifacts.
export {ChunkTables, Doc, Elem, EvtxFormatError, Parser} from './binxml.js'
export {CHUNK_SIZE, FLAG_NO_CRC, readChunk, type BadRecord, type ChunkStatus, type EvtxChunk, type EvtxRecord} from './chunk.js'
export {dataOf, keyOf, systemOf, type EvtxData, type EvtxSystem} from './event.js'
export {FILE_MAGIC, HEADER_BLOCK, isEvtx, readEvtxFile, readEvtxRecords, readEvtxStream, readHeader, type EvtxHeader, type ReadOptions} from './file.js'
export {fileTimeIso, valueText, VT} from './values.js'
export {attrOf, childNamed, childrenOf, renderXml, subItems, textOf, type Node} from './view.js'
