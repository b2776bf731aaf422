// Streams text lines out of an artifact whose encoding is known only from its first bytes:
// UTF-16LE/BE (regedit's default, with BOM) through a streaming decoder, 8-bit text
// (REGEDIT4, dpkg) line by line with lossless `\xNN` escapes for invalid UTF-8.
import {Readable} from 'node:stream'

import {decodeBytesLossless, iterateRawLines, sniffEncoding, type TextDecoding} from '../../lib/text.js'

export interface TextLine {
  number: number
  text: string
}

const MAX_LINE_CHARS = 4 * 1024 * 1024

export async function* decodedLines(
  stream: Readable,
  onProblem: (msg: string) => void,
  decoding?: TextDecoding,
): AsyncGenerator<TextLine> {
  const it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
  const first = await it.next()
  if (first.done) return
  const firstChunk = first.value
  const {encoding, bomLength} = sniffEncoding(firstChunk.subarray(0, 512))
  async function* rest(): AsyncGenerator<Buffer> {
    yield firstChunk.subarray(bomLength)
    for (;;) {
      const r = await it.next()
      if (r.done) return
      yield r.value
    }
  }
  if (encoding === 'utf-8') {
    for await (const l of iterateRawLines(Readable.from(rest()), MAX_LINE_CHARS, (n) => onProblem(`line ${n} is longer than 4 MiB and was cut`))) {
      yield {number: l.number, text: decodeBytesLossless(l.bytes, decoding, l.number)}
    }
    return
  }
  const dec = new TextDecoder(encoding)
  let carry = ''
  let number = 1
  let total = 0
  for await (const chunk of rest()) {
    total += chunk.length
    carry += dec.decode(chunk, {stream: true})
    const parts = carry.split('\n')
    carry = parts.pop()!
    for (const p of parts) yield {number: number++, text: p.replace(/\r$/, '')}
    if (carry.length > MAX_LINE_CHARS) {
      onProblem(`line ${number} is longer than 4 Mi characters and was cut`)
      yield {number: number++, text: carry.slice(0, MAX_LINE_CHARS)}
      carry = ''
    }
  }
  if ((total + bomLength) % 2 === 1) onProblem(`${encoding} text has an odd number of bytes: the file is truncated`)
  carry += dec.decode()
  if (carry !== '') yield {number, text: carry.replace(/\r$/, '')}
}
