// Recognition of browser history DBs. A DB is identified by its tables (checked after opening);
// the path and the first 64 KiB only decide which files are worth opening:
// - a file with the browser's usual name (`History`, `places.sqlite`, `History.db`, `downloads.sqlite`)
//   and the SQLite header is opened; if the tables are wrong it fails with a clear error;
// - the same name inside a recognisable browser profile path but *without* the SQLite header
//   (encrypted, truncated, other data) is claimed too, so it becomes a failed artifact with a reason
//   instead of being silently skipped (reference browser-history.md §1.3 step 8, Hindsight #152);
// - any other SQLite file (renamed copies such as `Chrome History.sqlite`) is claimed only when the
//   schema text in its first pages names the family's tables; if opening shows otherwise it yields
//   no events and no error.
import type {PathInfo} from '../types.js'
import {hasSqliteHeader} from '../../core/magic.js'
import type {Family} from './profile-path.js'

const SIDE_FILE = /-(wal|shm|journal)$/i
const SQLITE_EXT = /\.(sqlite3?|db|sqlitedb)$/i

export interface FamilySpec {
  family: Family
  /** Usual file names, lower-case. */
  names: readonly string[]
  /** Path fragments (lower-case logical path) that show a browser profile folder. */
  profileHint: RegExp
  /** Table names whose CREATE TABLE text in the head marks a renamed copy of this DB. */
  ddlTables: readonly string[]
}

export function matchPathFor(spec: FamilySpec, p: PathInfo): boolean {
  const name = p.name.toLowerCase()
  if (SIDE_FILE.test(name)) return false
  return spec.names.includes(name) || SQLITE_EXT.test(name) || name.includes('history')
}

export function sniffFor(spec: FamilySpec, head: Buffer, p: PathInfo): boolean {
  const name = p.name.toLowerCase()
  const usualName = spec.names.includes(name)
  if (!hasSqliteHeader(head)) return usualName && spec.profileHint.test(p.lower)
  const ddl = head.toString('latin1')
  if (usualName) {
    // Same usual name, other family (a Safari `History.db` is not Chromium's `History`)
    return !otherFamilyOnly(spec, ddl)
  }
  return spec.ddlTables.every((t) => ddlMentions(ddl, t))
}

const ALL_TABLES: Record<Family, readonly string[]> = {
  chromium: ['urls', 'visits'],
  firefox: ['moz_places', 'moz_historyvisits'],
  safari: ['history_items', 'history_visits'],
}

function otherFamilyOnly(spec: FamilySpec, ddl: string): boolean {
  const mine = ALL_TABLES[spec.family].some((t) => ddlMentions(ddl, t))
  if (mine) return false
  return (Object.keys(ALL_TABLES) as Family[]).some((f) => f !== spec.family && ALL_TABLES[f].every((t) => ddlMentions(ddl, t)))
}

/** `CREATE TABLE urls(`, `CREATE TABLE "urls" (`, `CREATE TABLE IF NOT EXISTS [urls]` in sqlite_master text. */
export function ddlMentions(ddl: string, table: string): boolean {
  return new RegExp(`CREATE TABLE (?:IF NOT EXISTS )?["'\`\\[]?${table}["'\`\\]]?\\s*\\(`, 'i').test(ddl)
}
