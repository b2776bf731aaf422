// Whole-file text for the program-list parsers (exports are small: MBs, not GBs), with a warning
// when a UTF-16 file is cut in the middle of a character.
import {decodeText, type TextEncoding} from '../../lib/text.js'
import type {ArtifactInput, ParseContext} from '../types.js'

export const MAX_LIST_BYTES = 256 * 1024 * 1024

export async function readListText(input: ArtifactInput, ctx: ParseContext, maxBytes = MAX_LIST_BYTES): Promise<{text: string; encoding: TextEncoding}> {
  const buf = await input.readAll(maxBytes)
  return decodeChecked(buf, ctx)
}

export function decodeChecked(buf: Buffer, ctx: ParseContext): {text: string; encoding: TextEncoding} {
  // text that is not UTF-8 is decoded per line by the shared decoder, which reports the code
  // page or the escaped lines in the artifact's notes
  const {text, encoding} = decodeText(buf, ctx.text)
  if (encoding !== 'utf-8' && buf.length % 2 === 1) {
    ctx.warn(`${encoding} text has an odd number of bytes: the file is truncated`)
  }
  return {text: text.replace(/^\uFEFF/, ''), encoding}
}

/** Text of the first bytes for sniffing; a cut character at the end does not matter. */
export function headText(head: Buffer): string {
  return decodeText(head).text.replace(/^\uFEFF/, '')
}
