// A report written by one of the writers, as text (what a user would get in the file).
import {PassThrough} from 'node:stream'

import type {Report} from '../../src/lib/model.js'
import {writeReport, type Format} from '../../src/report/writers.js'

export async function reportText(format: Format, r: Report): Promise<string> {
  const out = new PassThrough()
  const parts: Buffer[] = []
  out.on('data', (b: Buffer) => parts.push(b))
  await writeReport(format, r, out, {formulaGuard: true})
  out.end()
  return Buffer.concat(parts).toString('utf8')
}
