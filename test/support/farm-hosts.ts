// Other machines made from the laptop-farm sample by replacing its identity (AnyDesk local ID
// and alias, computer name, Chrome Remote Desktop host) in the text files, and collections of
// the same machine in other layouts. UTF-16LE tables keep their BOM and encoding.
import {mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join, relative} from 'node:path'

import {ROOT} from './corpus.js'
import {makeZip, type Member} from './zip-fixtures.js'

export const FARM = join(ROOT, 'artifacts-samples', 'laptop-farm')
/** The laptop-farm sample's own identity. */
export const FARM_IDENTITY = {localId: '731904622', alias: 'jsmith-laptop', computer: 'JSMITH-LT', crdHostId: '7c1f8a3e-5d2b-4a6c-9e0f-1b2c3d4e5f60'}

function files(dir: string): string[] {
  const out: string[] = []
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const p = join(dir, e.name)
    if (e.isDirectory()) out.push(...files(p))
    else if (e.isFile()) out.push(p)
  }
  return out.sort()
}

function replaceAll(buf: Buffer, pairs: Array<[string, string]>): Buffer {
  if (buf.subarray(0, 16).includes(Buffer.from('SQLite format 3'))) return buf
  const utf16 = buf[0] === 0xff && buf[1] === 0xfe
  let text = utf16 ? buf.subarray(2).toString('utf16le') : buf.toString('latin1')
  for (const [from, to] of pairs) text = text.split(from).join(to)
  return utf16 ? Buffer.concat([buf.subarray(0, 2), Buffer.from(text, 'utf16le')]) : Buffer.from(text, 'latin1')
}

/** The laptop-farm files (KAPE layout paths) with `pairs` replaced. */
export function farmFiles(pairs: Array<[string, string]> = []): Array<{rel: string; data: Buffer}> {
  return files(FARM).map((f) => ({rel: relative(FARM, f).split('\\').join('/'), data: replaceAll(readFileSync(f), pairs)}))
}

/**
 * Another laptop of the farm in `dir`: its own AnyDesk local ID, alias, computer name and CRD
 * host, the same controller (remote ID 918273645, 203.0.113.77) unless `pairs` change it.
 */
export function otherFarmHost(dir: string, n: number, pairs: Array<[string, string]> = []): string {
  const own: Array<[string, string]> = [
    [FARM_IDENTITY.localId, String(812345600 + n)], [FARM_IDENTITY.alias, `farm-laptop-${n}`],
    [FARM_IDENTITY.computer, `FARM-LT-${n}`], [FARM_IDENTITY.crdHostId, `0d2e4f60-1a2b-4c3d-8e9f-${String(n).padStart(12, '0')}`],
  ]
  // own identity first, so `pairs` may give the controller this sample's own local ID
  for (const f of farmFiles([...own, ...pairs])) {
    const p = join(dir, f.rel)
    mkdirSync(dirname(p), {recursive: true})
    writeFileSync(p, f.data)
  }
  return dir
}

/** The laptop-farm files as a Velociraptor offline collection ZIP (`uploads/auto/C%3A/...`), optionally changed. */
export async function farmVelociraptorZip(file: string, change: (rel: string, data: Buffer) => Buffer = (_r, d) => d): Promise<string> {
  const members: Member[] = farmFiles().map((f) => ({
    name: `uploads/auto/${f.rel.replace(/^C\//, 'C%3A/').split('/').map((s) => (s === 'C%3A' ? s : encodeURIComponent(s))).join('/')}`,
    data: change(f.rel, f.data),
  }))
  members.push({name: 'collection_context.json', data: '{"client_id":"C.0000000000000000","session_id":"F.SAMEHOST"}\n'})
  writeFileSync(file, await makeZip(members))
  return file
}
