// Cross-check of the REGF reader against two independent readers (reference §7.2): every key
// path and LastWrite time (to the second) against `reglookup`, every value's name, type and data
// bytes against `hivexregedit --export`. Both read the primary file only (no log replay), so the
// reader is compared with its logs off. Skips with a message when a tool or the corpus is missing.
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {BufferSource, filetimeToIso, Hive} from '../../../src/formats/regf/index.js'
import {corpusPath, HAS_CORPUS} from '../../support/corpus.js'

const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0
const HAS_REGLOOKUP = has('reglookup')
const HAS_HIVEX = has('hivexregedit')
if (!HAS_REGLOOKUP) process.stderr.write('NOTE: reglookup not installed; the reglookup oracle test is skipped\n')
if (!HAS_HIVEX) process.stderr.write('NOTE: hivexregedit not installed (apt-get install -y libwin-hivex-perl); the hivex oracle test is skipped\n')

/** Every hive of the corpus (primaries; the oracles do not replay logs either). */
export const CORPUS_HIVES = [
  'registry/yarp/BigDataHive',
  'registry/yarp/NewDirtyHive1/NewDirtyHive',
  'registry/yarp/NewDirtyHive1/RecoveredHive_Windows10',
  'registry/regipy/amcache.hve',
  'registry/regipy/transactions_NTUSER.DAT',
  'registry/regipy/NTUSER_with_winscp.DAT',
  'registry/regipy/SYSTEM_WIN_10_1709',
]

function runTo(tool: string, args: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'regf-oracle-'))
  try {
    const out = join(dir, 'out')
    execFileSync('sh', ['-c', `"$0" "$@" > "${out}" 2>/dev/null`, tool, ...args], {stdio: 'ignore'})
    return readFileSync(out, 'utf8')
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

const TYPE_RL: Record<number, string> = {
  0: 'NONE', 1: 'SZ', 2: 'EXPAND_SZ', 3: 'BINARY', 4: 'DWORD', 5: 'DWORD_BE', 6: 'LINK', 7: 'MULTI_SZ',
  8: 'RSRC_LIST', 9: 'RSRC_DESC', 10: 'RSRC_REQ_LIST', 11: 'QWORD',
}

/**
 * reglookup's quoting of a path component: `,` `/` `%` and control bytes as %XX; a name beyond
 * ASCII (it fails to convert) is quoted byte by byte from its UTF-16LE form.
 */
function quote(s: string): string {
  if (!/^[\x00-\x7f]*$/.test(s)) {
    return [...Buffer.from(s, 'utf16le')].map((b) => (b >= 0x20 && b < 0x7f && !',/%'.includes(String.fromCharCode(b)) ? String.fromCharCode(b) : '%' + b.toString(16).toUpperCase().padStart(2, '0'))).join('')
  }
  return s.replace(/[\x00-\x1f\x7f,/%]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'))
}

describe.skipIf(!HAS_CORPUS || !HAS_REGLOOKUP)('REGF reader vs reglookup (keys, LastWrite, value types)', () => {
  for (const rel of CORPUS_HIVES) {
    it(rel, {timeout: 180_000}, () => {
      const file = corpusPath(rel)
      const hive = new Hive(new BufferSource(readFileSync(file)))
      const ours = new Map<string, string>()
      const ourTypes = new Map<string, string>()
      for (const {key, path} of hive.walk()) {
        const parts = (path === '' ? [] : path.split('\\')).map(quote)
        const p = '/' + parts.join('/')
        ours.set(p, (filetimeToIso(key.lastWrite) ?? '').slice(0, 19).replace('T', ' '))
        for (const v of hive.values(key)) {
          const q = quote(v.name)
          ourTypes.set(`${p === '/' ? '' : p}/${q}`, TYPE_RL[v.type] ?? 'other')
        }
      }
      const theirs = new Map<string, string>()
      const theirTypes = new Map<string, string>()
      for (const line of runTo('reglookup', [file]).split('\n').slice(1)) {
        if (line === '') continue
        const f = line.split(',')
        if (f[1] === 'KEY') {
          theirs.set(f[0]!, f[3]!)
        } else theirTypes.set(f[0]!, TYPE_RL[Object.entries(TYPE_RL).find(([, n]) => n === f[1])?.[0] as unknown as number] ?? 'other')
      }
      expect(theirs.size).toBeGreaterThan(0)
      expect(ours).toEqual(theirs)
      for (const [k, t] of theirTypes) if (ourTypes.has(k)) expect([k, ourTypes.get(k)]).toEqual([k, t])
      expect([...theirTypes.keys()].filter((k) => ourTypes.has(k)).length).toBeGreaterThan(theirTypes.size * 0.95)
    })
  }
})

/** `hivexregedit --export` output to path -> value name -> [type, hex data]. */
function parseRegExport(text: string): Map<string, Map<string, [number, string]>> {
  const out = new Map<string, Map<string, [number, string]>>()
  let cur: Map<string, [number, string]> | undefined
  for (const line of text.split('\n')) {
    if (line.startsWith('[')) {
      cur = new Map()
      out.set(line.slice(2, -1), cur) // `[\a\b]` -> `a\b`
      continue
    }
    if (!cur || line === '' || line.startsWith('Windows Registry')) continue
    let name: string
    let rest: string
    if (line.startsWith('@=')) {
      name = ''
      rest = line.slice(2)
    } else {
      const m = /^"((?:[^"\\]|\\.)*)"=(.*)$/s.exec(line)
      if (!m) throw new Error(`unparsed export line: ${line.slice(0, 80)}`)
      name = m[1]!.replace(/\\(.)/g, '$1')
      rest = m[2]!
    }
    const dw = /^dword:([0-9a-f]{8})$/.exec(rest)
    if (dw) {
      const b = Buffer.alloc(4)
      b.writeUInt32LE(parseInt(dw[1]!, 16))
      cur.set(name, [4, b.toString('hex')])
      continue
    }
    const hx = /^hex(?:\(([0-9a-f]+)\))?:(.*)$/.exec(rest)
    if (!hx) throw new Error(`unparsed value: ${line.slice(0, 80)}`)
    cur.set(name, [hx[1] === undefined ? 3 : parseInt(hx[1], 16), hx[2]!.replace(/,/g, '')])
  }
  return out
}

describe.skipIf(!HAS_CORPUS || !HAS_HIVEX)('REGF reader vs hivexregedit (every value: name, type, data)', () => {
  for (const rel of CORPUS_HIVES) {
    it(rel, {timeout: 180_000}, () => {
      const file = corpusPath(rel)
      const hive = new Hive(new BufferSource(readFileSync(file)))
      const ours = new Map<string, Map<string, [number, string]>>()
      for (const {key, path} of hive.walk()) {
        const vals = new Map<string, [number, string]>()
        for (const v of hive.values(key)) vals.set(v.name, [v.type, hive.data(v).toString('hex')])
        ours.set(path, vals)
      }
      const theirs = parseRegExport(runTo('hivexregedit', ['--export', file, '\\']))
      expect(theirs.size).toBeGreaterThan(0)
      expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort())
      let values = 0
      for (const [path, vals] of theirs) {
        expect([path, ours.get(path)]).toEqual([path, vals])
        values += vals.size
      }
      expect(values).toBeGreaterThan(0)
    })
  }
})
