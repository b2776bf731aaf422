// SQLite evidence with a corrupt page (GitHub issue "hostile-input fuzz suite"): copies of real
// browser DBs (corpus and artifacts-samples) with bytes overwritten inside the root pages of the
// history tables, and with a torn page header. The parsers must not crash or hang; the artifact
// must say it is damaged (status partial/failed with a warning); the evidence stays untouched.
// Page layout (sqlite.org/fileformat2.html §1.3, §1.6): page size = big-endian u16 at offset 16
// (1 means 65536); page N starts at (N-1) * size; a b-tree page header is 8 or 12 bytes, its
// cell content sits at the end of the page.
import {copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import Database from 'better-sqlite3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {corpusPath, HAS_CORPUS, ROOT} from '../support/corpus.js'
import {allWarnings, checkedScan, FuzzHost} from '../support/fuzz.js'

let host: FuzzHost
beforeAll(() => {
  host = new FuzzHost()
})
afterAll(async () => {
  await host.close()
})

interface DbCase {
  label: string
  kind: string
  /** Source DB (read only; the rootpage lookup works on a temp copy). */
  source: string
  /** Where the copy sits in the evidence folder (recognition reads the path). */
  rel: string
  tables: string[]
  available: boolean
}

const CHROME = 'Users/u/AppData/Local/Google/Chrome/User Data/Default/History'
const CASES: DbCase[] = [
  {
    label: 'Chrome 30 History (corpus)', kind: 'browser.chromium_history', rel: CHROME, tables: ['urls', 'visits'], available: HAS_CORPUS,
    source: corpusPath('browser/chrome30-v28-hindsight/Users/Ryan/AppData/Local/Google/Chrome/User Data/Default/History'),
  },
  {
    label: 'Chrome History (artifacts-samples)', kind: 'browser.chromium_history', rel: CHROME, tables: ['urls', 'visits', 'downloads'], available: true,
    source: join(ROOT, 'artifacts-samples/laptop-farm/C/Users/jsmith/AppData/Local/Google/Chrome/User Data/Default/History'),
  },
  {
    label: 'Firefox places.sqlite (corpus)', kind: 'browser.firefox_places', rel: 'Users/u/AppData/Roaming/Mozilla/Firefox/Profiles/abcd1234.default/places.sqlite',
    tables: ['moz_places', 'moz_historyvisits'], available: HAS_CORPUS,
    source: corpusPath('browser/librewolf-v58/home/user/.librewolf/xyz.default-release/places.sqlite'),
  },
  {
    label: 'Safari History.db (corpus)', kind: 'browser.safari_history', rel: 'Users/u/Library/Safari/History.db',
    tables: ['history_items', 'history_visits'], available: HAS_CORPUS,
    source: corpusPath('browser/safari-2017-plaso/Users/user/Library/Safari/History.db'),
  },
]

/** Page size and root page numbers of `tables`, read from a temp copy (the source is never opened). */
function layout(source: string, tables: string[]): {pageSize: number; roots: number[]} {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-sqlite-'))
  try {
    copyFileSync(source, join(dir, 'db'))
    const db = new Database(join(dir, 'db'), {readonly: true, fileMustExist: true})
    try {
      const rows = db.prepare(`SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name IN (${tables.map(() => '?').join(',')})`).all(...tables) as Array<{rootpage: number}>
      const raw = readFileSync(source).readUInt16BE(16)
      return {pageSize: raw === 1 ? 65536 : raw, roots: rows.map((r) => r.rootpage)}
    } finally {
      db.close()
    }
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

/** `PRAGMA quick_check` of `bytes` (a temp copy), or the error opening it. */
function quickCheck(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-sqlite-'))
  try {
    writeFileSync(join(dir, 'db'), bytes)
    const db = new Database(join(dir, 'db'), {readonly: true, fileMustExist: true})
    try {
      return (db.pragma('quick_check') as Array<{quick_check: string}>).map((r) => r.quick_check).join('; ')
    } finally {
      db.close()
    }
  } catch (error) {
    return (error as Error).message
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

/** A scan and a JSONL-only run of the damaged copy: no crash, the artifact partial or failed with a warning that says so. */
async function expectDamageWarned(c: DbCase, bytes: Buffer): Promise<void> {
  for (const op of ['scan', 'lines'] as const) {
    const {outcome, problems} = await checkedScan(host, host.evidence({[c.rel]: bytes}), {op})
    expect(problems).toEqual([])
    const arts = outcome.reply!.artifacts
    expect(arts.map((a) => a.kind)).toEqual([c.kind])
    expect(['partial', 'failed'], `${op}: ${allWarnings(outcome.reply).join(' | ')}`).toContain(arts[0]!.status)
    expect(arts[0]!.warnings.join(' ')).toMatch(/malformed|corrupt|damaged/i)
  }
}

describe('fuzz: SQLite browser DBs with a corrupt page', () => {
  for (const c of CASES) {
    describe.skipIf(!c.available)(c.label, () => {
      it('cell area of the history tables\' root pages overwritten: warned, no crash', async () => {
        const bytes = Buffer.from(readFileSync(c.source))
        const {pageSize, roots} = layout(c.source, c.tables)
        expect(roots).toHaveLength(c.tables.length)
        // the second half of each root page: where SQLite keeps the cell content
        for (const p of roots) bytes.fill(0xa5, (p - 1) * pageSize + pageSize / 2, p * pageSize)
        await expectDamageWarned(c, bytes)
      })

      it('torn b-tree page headers (page type byte zeroed on the root pages): warned, no crash', async () => {
        const bytes = Buffer.from(readFileSync(c.source))
        const {pageSize, roots} = layout(c.source, c.tables)
        for (const p of roots) bytes.fill(0x00, (p - 1) * pageSize + (p === 1 ? 100 : 0), (p - 1) * pageSize + (p === 1 ? 100 : 0) + 12)
        await expectDamageWarned(c, bytes)
      })

      it('every page past the first hit in its middle (32 bytes at half page): if SQLite sees damage, so does the artifact', async () => {
        const bytes = Buffer.from(readFileSync(c.source))
        const {pageSize} = layout(c.source, c.tables)
        for (let at = pageSize; at < bytes.length; at += pageSize) bytes.fill(0xff, at + pageSize / 2, at + pageSize / 2 + 32)
        const damage = quickCheck(bytes)
        for (const op of ['process', 'lines'] as const) {
          const {outcome, problems} = await checkedScan(host, host.evidence({[c.rel]: bytes}), {op})
          expect(problems).toEqual([])
          const arts = outcome.reply!.artifacts
          expect(arts.map((a) => a.kind)).toEqual([c.kind])
          // bytes landing in free space or inside text values are invisible to SQLite too: then only
          // the invariants above apply
          if (damage !== 'ok') {
            expect(['partial', 'failed'], `${op}: SQLite quick_check reports "${damage}" but the artifact is ${arts[0]!.status} without a warning`).toContain(arts[0]!.status)
          }
        }
      })
    })
  }
})
