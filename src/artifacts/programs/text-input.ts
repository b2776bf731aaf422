// Whole-file text for the program-list parsers (exports are small: MBs, not GBs), with a warning
// when the bytes are not what the encoding promises (ANSI code page text in a "UTF-8" file,
// a UTF-16 file cut in the middle of a character).
import {decodeText, type TextEncoding} from '../../lib/text.js'
import type {ArtifactInput, ParseContext} from '../types.js'

export const MAX_LIST_BYTES = 256 * 1024 * 1024

const utf8Fatal = new TextDecoder('utf-8', {fatal: true})

export async function readListText(input: ArtifactInput, ctx: ParseContext, maxBytes = MAX_LIST_BYTES): Promise<{text: string; encoding: TextEncoding}> {
  const buf = await input.readAll(maxBytes)
  return decodeChecked(buf, ctx)
}

export function decodeChecked(buf: Buffer, ctx: ParseContext): {text: string; encoding: TextEncoding} {
  const {text, encoding} = decodeText(buf)
  if (encoding === 'utf-8') {
    try {
      utf8Fatal.decode(buf)
    } catch {
      ctx.warn('text is not valid UTF-8 (an ANSI code page?); undecodable bytes are kept as \\xNN')
    }
  } else if (buf.length % 2 === 1) {
    ctx.warn(`${encoding} text has an odd number of bytes: the file is truncated`)
  }
  return {text: text.replace(/^\uFEFF/, ''), encoding}
}

/** Text of the first bytes for sniffing; a cut character at the end does not matter. */
export function headText(head: Buffer): string {
  return decodeText(head).text.replace(/^\uFEFF/, '')
}
