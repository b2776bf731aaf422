// Opening browser SQLite evidence safely and reading it version-tolerantly
// (shared/reference/browser-history.md §1.3): never the evidence file itself, always the pipeline's
// private copy (DB + `-wal` + `-journal`), opened read-write so SQLite replays the WAL / rolls back
// a hot journal *in the copy*, then locked with `query_only`.
import type Database from 'better-sqlite3'

import {lazyRequire} from '../../core/lazy-require.js'
import {readHeadSync} from '../../evidence/disk-read.js'
import type {ArtifactInput} from '../types.js'
import {hasSqliteHeader, SQLITE_MAGIC} from '../../core/magic.js'

export {hasSqliteHeader, SQLITE_MAGIC}

export type Db = Database.Database

/** The driver, loaded on the first database opened (a scan without SQLite evidence never loads it; #17 start-up). */
const driver = lazyRequire<typeof Database>('better-sqlite3')

/**
 * Copies the artifact and its side files, opens the copy and checks it is a readable SQLite DB.
 * Throws a plain-words error for files that are not SQLite (encrypted, truncated header, other data).
 */
export async function openEvidenceDb(input: ArtifactInput, warn?: (message: string) => void): Promise<Db> {
  const copy = await input.localCopy(['-wal', '-journal'])
  // §1.3 step 8: refuse a file without the SQLite header before SQLite sees it (an empty file
  // would otherwise open as an empty database)
  const head = readHeadSync(copy, 100)
  const n = head.length
  if (!hasSqliteHeader(head)) {
    throw new Error(n === 0
      ? 'empty file, not a SQLite database'
      : 'not a SQLite database: no "SQLite format 3" header (encrypted, damaged or another format)')
  }
  if (n < 100) throw new Error(`truncated SQLite database: ${n} bytes, shorter than the 100-byte header`)
  // §1.3 step 7: fileMustExist, so a wrong path can never create a file.
  const db = new (driver())(copy, {fileMustExist: true})
  try {
    // The first read makes SQLite replay `-wal` / roll back a hot `-journal` while the copy is
    // still writable (§1.2: mode=ro cannot roll back a hot journal).
    db.prepare('SELECT count(*) FROM sqlite_master').get()
    db.pragma('query_only = ON')
    // damage in pages the queries never touch (an index, free pages) would otherwise go unseen
    const check = (db.pragma('quick_check(5)') as Array<Record<string, string>>).map((r) => Object.values(r)[0])
    if (check[0] !== 'ok') warn?.(`SQLite integrity check reports damage (${check.join('; ').slice(0, 300)}); rows read may be incomplete`)
  } catch (error) {
    db.close()
    const msg = (error as Error).message
    if (/not a database|file is encrypted/i.test(msg)) {
      throw new Error(`not a readable SQLite database (${msg}): encrypted, damaged or another format`)
    }
    if (/malformed|corrupt/i.test(msg)) throw new Error(`damaged or truncated SQLite database (${msg})`)
    throw new Error(`SQLite database could not be opened (${msg})`)
  }
  return db
}

export interface Schema {
  tables: Set<string>
  /** Column names per table (lower-case), from `PRAGMA table_info` (§0 rule 4). */
  columns(table: string): Set<string>
}

export function readSchema(db: Db): Schema {
  const tables = new Set<string>()
  for (const r of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").iterate() as Iterable<{name: unknown}>) {
    if (typeof r.name === 'string') tables.add(r.name.toLowerCase())
  }
  const cache = new Map<string, Set<string>>()
  return {
    tables,
    columns(table: string) {
      const key = table.toLowerCase()
      let cols = cache.get(key)
      if (!cols) {
        cols = new Set()
        if (tables.has(key)) {
          for (const c of db.prepare(`PRAGMA table_info(${quoteIdent(key)})`).iterate() as Iterable<{name: unknown}>) {
            if (typeof c.name === 'string') cols.add(c.name.toLowerCase())
          }
        }
        cache.set(key, cols)
      }
      return cols
    },
  }
}

export function quoteIdent(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"'
}

/**
 * `, alias."c" AS "c"` for each wanted column that exists (§2.4: version-tolerant queries); absent
 * columns are left out, so the row (and its `raw`) holds only what the DB has.
 */
export function cols(schema: Schema, table: string, alias: string, names: readonly string[]): string {
  const have = schema.columns(table)
  return names.filter((c) => have.has(c.toLowerCase())).map((c) => `, ${alias}.${quoteIdent(c)} AS ${quoteIdent(c)}`).join('')
}

export type SqlValue = bigint | number | string | Buffer | null

/** INTEGER read as BigInt (safeIntegers) to a JS number when it is exact, else undefined. */
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER)
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER)

export function num(v: SqlValue | undefined): number | undefined {
  // hoisted bounds: building a BigInt per comparison dominated the per-row cost at 1M visits
  if (typeof v === 'bigint') return v >= MIN_SAFE && v <= MAX_SAFE ? Number(v) : undefined
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v === 'string' && /^-?\d{1,15}$/.test(v.trim())) return Number(v.trim())
  return undefined
}

/** INTEGER column to BigInt; REAL/TEXT digits accepted, anything else undefined. */
export function big(v: SqlValue | undefined): bigint | undefined {
  if (typeof v === 'bigint') return v
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v))
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v.trim())) return BigInt(v.trim())
  return undefined
}

export function str(v: SqlValue | undefined): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'bigint' || typeof v === 'number') return String(v)
  if (Buffer.isBuffer(v)) return v.toString('utf8')
  return undefined
}

/**
 * Compact JSON of a flat row for the event's `raw`: integers are written exactly (BigInt digits,
 * never rounded), BLOBs as hex, long texts cut.
 */
export function rawRow(row: Record<string, SqlValue | undefined>): string {
  const parts: string[] = []
  for (const [k, v] of Object.entries(row)) {
    if (v === undefined) continue
    let out: string
    if (v === null) out = 'null'
    else if (typeof v === 'bigint') out = v.toString()
    else if (typeof v === 'number') out = Number.isFinite(v) ? String(v) : JSON.stringify(String(v))
    else if (Buffer.isBuffer(v)) out = JSON.stringify(v.length === 0 ? '' : 'hex:' + v.subarray(0, 64).toString('hex') + (v.length > 64 ? '…' : ''))
    else out = JSON.stringify(v.length > 1000 ? v.slice(0, 1000) + '…' : v)
    parts.push(`${JSON.stringify(k)}:${out}`)
  }
  return `{${parts.join(',')}}`
}

/**
 * For long row loops in async parsers: every `n` rows a promise that resolves after one turn of
 * the event loop (else undefined, nothing to await), so a SIGINT handler (Ctrl-C) runs within
 * a fraction of a second instead of after the whole table.
 */
export function pauseEvery(n = 20_000): () => Promise<void> | undefined {
  let i = 0
  return () => (++i % n === 0 ? new Promise<void>((resolve) => setImmediate(resolve)) : undefined)
}

/**
 * Iterates a statement, turning a mid-stream SQLite error (truncated or damaged file) into a
 * warning with the last good row, so the events already read are kept.
 */
export function* iterateRows<T>(
  stmt: Database.Statement,
  what: string,
  warn: (m: string) => void,
  params: unknown[] = [],
): Generator<T> {
  let n = 0
  try {
    for (const row of stmt.iterate(...params) as Iterable<T>) {
      n++
      yield row
    }
  } catch (error) {
    warn(`${what}: reading stopped after ${n} row(s): ${(error as Error).message}`)
  }
}

/** A statement with INTEGER columns as BigInt, or undefined (with a warning) when it cannot be prepared. */
export function prepareOrWarn(db: Db, sql: string, what: string, warn: (m: string) => void): Database.Statement | undefined {
  try {
    return db.prepare(sql).safeIntegers(true)
  } catch (error) {
    warn(`${what}: could not be read (${(error as Error).message})`)
    return undefined
  }
}

/**
 * Opens the evidence copy and checks the tables that identify a browser family. A file named
 * like the family's DB without those tables is an error (a failed artifact with the reason);
 * a renamed SQLite file of another kind yields undefined: not this parser's, no events.
 */
export async function openFamilyDb(
  input: ArtifactInput,
  warn: (message: string) => void,
  family: {names: readonly string[]; required: readonly string[]; label: string},
): Promise<{db: Db; schema: Schema} | undefined> {
  const db = await openEvidenceDb(input, warn)
  const schema = readSchema(db)
  const missing = family.required.filter((t) => !schema.tables.has(t))
  if (missing.length === 0) return {db, schema}
  db.close()
  if (family.names.includes(input.info.name.toLowerCase())) {
    throw new Error(`SQLite file named ${input.info.name} is not a ${family.label} (no ${missing.join(', ')} table)`)
  }
  return undefined
}
