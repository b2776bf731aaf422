// Builds browser DB fixtures inside tests (no binaries committed). Chromium DBs are made from the
// current schema dump `test/fixtures/browser/history.70.sql` (chromium components/test/data/history,
// BSD-3-Clause, see test/fixtures/NOTICE) — reference browser-history.md §2.3 / §8 "Gaps".
import {mkdirSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import Database from 'better-sqlite3'

import {FIXTURES} from '../../support/corpus.js'

export const HISTORY_70_SQL = join(FIXTURES, 'browser', 'history.70.sql')

/** A Chromium History at schema v70 (rollback journal, as Chrome writes it: §1.1). */
export function createChromiumV70(path: string): Database.Database {
  mkdirSync(dirname(path), {recursive: true})
  const db = new Database(path)
  db.exec(readFileSync(HISTORY_70_SQL, 'utf8'))
  return db
}

export interface VisitSpec {
  id: number
  urlId: number
  time: bigint
  transition: number
  fromVisit?: number
  durationUs?: number
  originatorGuid?: string
}

export function insertUrl(db: Database.Database, id: number, url: string, title: string, lastVisit: bigint, visitCount = 1, typedCount = 0): void {
  db.prepare('INSERT INTO urls (id, url, title, visit_count, typed_count, last_visit_time, hidden) VALUES (?, ?, ?, ?, ?, ?, 0)')
    .run(id, url, title, visitCount, typedCount, lastVisit)
}

export function insertVisit(db: Database.Database, v: VisitSpec): void {
  db.prepare(`INSERT INTO visits (id, url, visit_time, from_visit, transition, segment_id, visit_duration, originator_cache_guid)
    VALUES (?, ?, ?, ?, ?, 0, ?, ?)`).run(v.id, v.urlId, v.time, v.fromVisit ?? 0, v.transition, v.durationUs ?? 0, v.originatorGuid ?? '')
}

/**
 * Firefox places.sqlite with the tables the parser reads, DDL as in gecko nsPlacesTables.h
 * (reference §3.3; `source` / `triggeringPlaceId` are the newer moz_historyvisits columns).
 */
export function createFirefoxPlaces(path: string): Database.Database {
  mkdirSync(dirname(path), {recursive: true})
  const db = new Database(path)
  db.exec(`
    CREATE TABLE moz_origins (id INTEGER PRIMARY KEY, prefix TEXT NOT NULL, host TEXT NOT NULL, frecency INTEGER NOT NULL, UNIQUE (prefix, host));
    CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url LONGVARCHAR, title LONGVARCHAR, rev_host LONGVARCHAR,
      visit_count INTEGER DEFAULT 0, hidden INTEGER DEFAULT 0 NOT NULL, typed INTEGER DEFAULT 0 NOT NULL,
      frecency INTEGER DEFAULT -1 NOT NULL, last_visit_date INTEGER, guid TEXT, foreign_count INTEGER DEFAULT 0 NOT NULL,
      url_hash INTEGER DEFAULT 0 NOT NULL, description TEXT, preview_image_url TEXT, origin_id INTEGER REFERENCES moz_origins(id));
    CREATE TABLE moz_historyvisits (id INTEGER PRIMARY KEY, from_visit INTEGER, place_id INTEGER, visit_date INTEGER,
      visit_type INTEGER, session INTEGER, source INTEGER DEFAULT 0 NOT NULL, triggeringPlaceId INTEGER);
    CREATE TABLE moz_anno_attributes (id INTEGER PRIMARY KEY, name VARCHAR(32) UNIQUE NOT NULL);
    CREATE TABLE moz_annos (id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL, anno_attribute_id INTEGER, content LONGVARCHAR,
      flags INTEGER DEFAULT 0, expiration INTEGER DEFAULT 0, type INTEGER DEFAULT 0, dateAdded INTEGER DEFAULT 0, lastModified INTEGER DEFAULT 0);
    CREATE INDEX moz_historyvisits_dateindex ON moz_historyvisits (visit_date);
    PRAGMA user_version = 74;
  `)
  return db
}
