// Incremental text decoding of an export stream: wevtutil output redirected in PowerShell
// (`> file.xml`) is UTF-16LE with a BOM, EvtxECmd writes UTF-8 with a BOM, cmd.exe redirection
// writes the OEM/ANSI code page (ASCII for these exports). Reference §0 rule 1: sniff first.
import type {Readable} from 'node:stream'
import {TextDecoder} from 'node:util'

import {sniffEncoding, type TextEncoding} from '../../lib/text.js'

export interface DecodedStream {
  chunks: AsyncGenerator<string>
  /** Set once the first bytes were seen. */
  encoding(): TextEncoding | undefined
}

/** Decodes a byte stream chunk by chunk; the BOM is dropped, invalid bytes become U+FFFD. */
export function decodeStream(stream: Readable): DecodedStream {
  let enc: TextEncoding | undefined
  async function* gen(): AsyncGenerator<string> {
    let decoder: TextDecoder | undefined
    let pending: Buffer[] = []
    let pendingLen = 0
    for await (const c of stream as AsyncIterable<Buffer>) {
      if (!decoder) {
        pending.push(c)
        pendingLen += c.length
        // enough bytes to tell UTF-16 from 8-bit text
        if (pendingLen < 512) continue
        const head = Buffer.concat(pending, pendingLen)
        pending = []
        enc = sniffEncoding(head.subarray(0, 512)).encoding
        decoder = new TextDecoder(enc)
        yield decoder.decode(head, {stream: true})
        continue
      }
      yield decoder.decode(c, {stream: true})
    }
    if (!decoder) {
      const head = Buffer.concat(pending, pendingLen)
      enc = sniffEncoding(head.subarray(0, 512)).encoding
      decoder = new TextDecoder(enc)
      yield decoder.decode(head, {stream: true})
    }
    const tail = decoder.decode()
    if (tail) yield tail
  }
  return {chunks: gen(), encoding: () => enc}
}

/** Decodes the sniff head (up to 64 KiB) for content tests; a cut multi-byte tail is harmless. */
export function decodeHead(head: Buffer): string {
  const {encoding, bomLength} = sniffEncoding(head.subarray(0, 512))
  return new TextDecoder(encoding).decode(head.subarray(bomLength))
}
