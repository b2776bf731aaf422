// History visits written as finished Timesketch lines by SQLite (#17), for a JSONL-only run: a scan
// of 1,000,000 visits took 25.7 s with every visit an event object and 18.9 s this way (one printf
// per line; the way alone, scripts/history-sql-floor.mjs, 8-10 s). JavaScript still makes every
// value's JSON, once per distinct URL and transition value, into two temp tables (in memory, in the
// private copy's connection; the copy's file is not written); SQLite pastes them together with
// each visit's own numbers. Only visits
// that nothing but the timeline needs take this way (LineSink.quiet: no indicator, link or identity
// value for any visit of the URL); the others, and every row whose values are not what the text
// assumes, are read again by rowid and emitted as events, in their place in the stream, so ids
// and order are the object path's. The first lines are checked against the object path's bytes.
import {MAX_FIELD_CHARS} from '../../lib/field-cap.js'
import type {ParsedEvent} from '../../lib/model.js'
import {fieldKeyText, fieldsText} from '../../report/timesketch-line.js'
import {cleanFields} from '../common.js'
import type {LineSink, ParseContext} from '../types.js'
import {decodeTransition} from './chromium-enums.js'
import type {BrowserContext} from './profile-path.js'
import {iterateRows, type Db, type Schema, type SqlValue} from './sqlite-evidence.js'

/** The URL row of the visits' stream (chromium-history.ts UrlRow): what a visit shows of its URL. */
export interface VisitUrl {
  url: string | undefined
  title: string | undefined
  /** The message up to its ` [tags]`. */
  head: string
  visitCount: number | undefined
  typedCount: number | undefined
  hidden: true | undefined
}

export interface VisitLineJob {
  db: Db
  schema: Schema
  b: BrowserContext
  ctx: ParseContext
  lines: LineSink
  /**
   * Every URL row by id (numbers where exact, see chromium-history.ts keyOf). The URLs whose visits
   * become lines are taken out: a visit of theirs read as an event looks its URL up again.
   */
  urls: Map<SqlValue, VisitUrl>
  /** The visit query's select list (`SELECT …`) and its `FROM visits v …` joins, without ORDER BY: its rows are `event`'s input. */
  select: string
  from: string
  hasSource: boolean
  /** The event the object path emits for a row of `select`. */
  event(r: SqlValue[]): ParsedEvent
  pause(): Promise<void> | undefined
}

/** Fields that differ between the visits of one URL (the rest is the URL's, or fixed on this way). */
const PER_ROW = ['message', 'transition', 'transition_qualifiers', 'transition_raw', 'visit_duration_s', 'from_visit', 'opener_visit', 'visit_id']
/** The visit fields in the order the object path writes them (chromium-history.ts). */
const URL_FIELDS = ['browser', 'profile', 'user', 'snapshot', 'url', 'title'] as const
const COUNT_FIELDS = ['visit_count', 'typed_count', 'hidden', 'synced', 'imported'] as const
/** Lines compared with the object path's before the rest is trusted. */
const CHECKED = 32
const WEBKIT_UNIX = 11_644_473_600_000_000n
const MAX_SAFE = 9_007_199_254_740_991n
/** Times up to 2^53 - 1 µs after 1970 (the year 2255): the line's `timestamp` is then the exact number. */
const MAX_UNIX_US = MAX_SAFE
/** Durations below 10^15 µs: their seconds have at most 15 digits, so `dur / 1e6` prints as the trimmed decimal. */
const MAX_DURATION = 1_000_000_000_000_000n
const SEP = '\u0001'
const URL_TABLE = 'temp.dprk_visit_urls'
const TRANSITION_TABLE = 'temp.dprk_visit_transitions'

/** SQL text literal. */
const lit = (s: string) => `'${s.replaceAll("'", "''")}'`
/** printf text with no conversions. */
const plain = (s: string) => s.replaceAll('%', '%%')
const pick = (f: ParsedEvent['fields'], names: readonly string[]) => {
  const out: ParsedEvent['fields'] = {}
  for (const k of names) if (k in f) out[k] = f[k]!
  return out
}

/**
 * Reads the visits as lines where it can; false when this way does not apply (nothing quiet, a
 * schema or text it does not handle): the caller then reads them as events.
 */
export async function visitLines(job: VisitLineJob): Promise<boolean> {
  const {db, schema, lines, ctx} = job
  const have = schema.columns('visits')
  if (!['id', 'url', 'visit_time', 'transition', 'visit_duration', 'from_visit'].every((c) => have.has(c))) return false
  const keys = ['visit_duration_s', 'from_visit', 'opener_visit', 'visit_id'].map(fieldKeyText)
  if (keys.some((k) => k === null)) return false
  const [durKey, fromKey, openerKey, idKey] = keys as string[]
  let quietUrls: number
  try {
    const transitions: Array<[bigint, string, string]> = []
    for (const v of db.prepare(`SELECT DISTINCT transition FROM visits WHERE typeof(transition) = 'integer'`).pluck().safeIntegers(true).all() as bigint[]) {
      const tr = decodeTransition(v)
      const frag = fieldsText(cleanFields({transition: tr.core, transition_qualifiers: tr.qualifiers.join(','), transition_raw: tr.value}))
      if (frag !== null && /^[a-z0-9_]+$/.test(tr.core)) transitions.push([v, tr.core, frag])
    }
    quietUrls = fill(db, transitions, (put) => {
      for (const [id, u] of job.urls) {
        if (typeof id !== 'number') continue
        const fragments = urlFragments(job, id, u)
        if (!fragments) continue
        put(id, ...fragments)
        // its texts are in the temp table now (the URL objects are 37 MB at 50,000 URLs)
        job.urls.delete(id)
      }
    })
  } catch {
    // a DB that SQLite cannot read this way (damaged pages) is read row by row as events
    return false
  }
  if (quietUrls === 0) return false
  const T = `(v.visit_time - ${WEBKIT_UNIX})`
  const opener = have.has('opener_visit')
  const text = (c: string) => (have.has(c) ? `coalesce(v.${c}, '') = ''` : '1')
  const safe = (c: string) => `(typeof(v.${c}) = 'null' OR (typeof(v.${c}) = 'integer' AND v.${c} BETWEEN -${MAX_SAFE} AND ${MAX_SAFE}))`
  // what a line built here assumes; any other row is read as an event
  const fast = `(uf.id IS NOT NULL AND tf.v IS NOT NULL AND typeof(v.id) = 'integer' AND v.id BETWEEN -${MAX_SAFE} AND ${MAX_SAFE}
    AND typeof(v.visit_time) = 'integer' AND v.visit_time > ${WEBKIT_UNIX} AND v.visit_time <= ${WEBKIT_UNIX + MAX_UNIX_US}
    AND (typeof(v.visit_duration) = 'null' OR (typeof(v.visit_duration) = 'integer' AND v.visit_duration < ${MAX_DURATION}))
    AND ${safe('from_visit')}${opener ? ` AND ${safe('opener_visit')}` : ''}
    AND ${text('originator_cache_guid')} AND ${text('external_referrer_url')} AND ${text('app_id')}${job.hasSource ? ' AND vs.source IS NULL' : ''})`
  // one printf a visit, the event id left out at SEP: a control character no JSON text holds unescaped
  const head = `{"message":%s%s]","datetime":"%s.%06dZ","timestamp_desc":${plain(JSON.stringify(VISIT_DESC))},"timestamp":%lld,"data_type":${plain(JSON.stringify(VISIT_TYPE))},"tag":[],"event_id":"${plain(lines.idPrefix)}`
  const tail = `","case":${plain(lines.caseJson)},"artifact":${plain(lines.artifactJson)},"location":"visits row %lld","time_basis":"utc","time_precision":"microsecond"%s%s%s%s%s%s${plain(idKey)}%lld%s}\n`
  const sql = `SELECT
      CASE WHEN ${fast} THEN printf(${lit(head + SEP + tail)}, uf.head, tf.core, strftime('%Y-%m-%dT%H:%M:%S', ${T} / 1000000, 'unixepoch'), ${T} % 1000000, ${T},
        v.id, uf.mid, tf.frag,
        CASE WHEN v.visit_duration > 0 THEN ${lit(durKey)} || rtrim(rtrim(printf('%d.%06d', v.visit_duration / 1000000, v.visit_duration % 1000000), '0'), '.') ELSE '' END,
        CASE WHEN v.from_visit > 0 THEN ${lit(fromKey)} || v.from_visit ELSE '' END,
        ${opener ? `CASE WHEN v.opener_visit > 0 THEN ${lit(openerKey)} || v.opener_visit ELSE '' END` : "''"},
        uf.cnt, v.id, uf.tail) END,
      v.rowid, ${job.hasSource ? 'vs.rowid' : 'NULL'}
    ${job.from.replace(/^FROM visits v/, `FROM visits v LEFT JOIN ${URL_TABLE} uf ON uf.id = v.url LEFT JOIN ${TRANSITION_TABLE} tf ON tf.v = v.transition`)}
    ORDER BY v.visit_time, v.id`
  let stmt, byRowid
  try {
    stmt = db.prepare(sql).raw(true).safeIntegers(true)
    // the row by its rowids: the visit_source row too, should a visit have several
    byRowid = db.prepare(`${job.select} ${job.from} WHERE v.rowid = ?${job.hasSource ? ' AND (vs.rowid = ? OR ? IS NULL)' : ''} LIMIT 1`).raw(true).safeIntegers(true)
  } catch {
    return false
  }
  // the row again by its rowids; undefined (and said) when that read fails, e.g. on a damaged page
  const rowOf = (rowid: SqlValue, sourceRowid: SqlValue): SqlValue[] | undefined => {
    try {
      const r = byRowid.get(...(job.hasSource ? [rowid, sourceRowid, sourceRowid] : [rowid])) as SqlValue[] | undefined
      if (r) return r
      ctx.warn(`visits rowid ${String(rowid)}: not found when read again`)
    } catch (error) {
      ctx.warn(`visits rowid ${String(rowid)}: could not be read again (${(error as Error).message})`)
    }
    return undefined
  }
  let checked = 0
  let trusted = true
  for (const [built, rowid, sourceRowid] of iterateRows<[string | null, SqlValue, SqlValue]>(stmt, 'visits', ctx.warn)) {
    const paused = job.pause()
    if (paused) await paused
    if (built === null || !trusted) {
      const r = rowOf(rowid, sourceRowid)
      if (r) ctx.emit(job.event(r))
      continue
    }
    const seq = lines.next()
    const cut = built.indexOf(SEP)
    const line = built.slice(0, cut) + seq.toString(36) + built.slice(cut + 1)
    const r = checked < CHECKED ? rowOf(rowid, sourceRowid) : undefined
    if (r) {
      checked++
      // the bytes of the object path, for the first lines of every History
      const want = lines.lineOf(job.event(r), seq) + '\n'
      if (want !== line) {
        trusted = false
        ctx.note?.(`visits: a line built in SQL differs from the event's (${JSON.stringify(firstDifference(want, line))}); the visits after it were read as events`)
        lines.add(VISIT_TYPE, want)
        continue
      }
    }
    lines.add(VISIT_TYPE, line)
  }
  dropTables(db)
  return true
}

export const VISIT_TYPE = 'browser.visit'
export const VISIT_DESC = 'Visit time'

function firstDifference(a: string, b: string): string {
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  return a.slice(Math.max(0, i - 20), i + 40)
}

/**
 * The URL's pieces of a line (message head, URL fields, counts, url_id), or undefined when its
 * visits must be events: a value the cap would cut, a field the line writer does not write as
 * plain text, or a visit of the URL that matching, links or host identity could need.
 */
function urlFragments(job: VisitLineJob, id: number, u: VisitUrl): [string, string, string, string] | undefined {
  // the message is the head and ` [core]`: never cut when the head leaves room for the longest core
  if (u.head.length + 32 > MAX_FIELD_CHARS) return undefined
  const b = job.b
  const proto: ParsedEvent = {
    time: null,
    timeBasis: 'utc',
    timePrecision: 'microsecond',
    type: VISIT_TYPE,
    timestampDesc: VISIT_DESC,
    location: 'visits row 0',
    message: `${u.head} [link]`,
    fields: cleanFields({
      browser: b.browser, profile: b.profile, user: b.user, snapshot: b.snapshot, url: u.url, title: u.title,
      visit_count: u.visitCount, typed_count: u.typedCount, hidden: u.hidden, synced: false, imported: false, url_id: id,
    }),
  }
  const settled = job.lines.quiet(proto, PER_ROW)
  if (!settled) return undefined
  const mid = fieldsText(pick(settled.fields, URL_FIELDS))
  const cnt = fieldsText(pick(settled.fields, COUNT_FIELDS))
  const tail = fieldsText(pick(settled.fields, ['url_id']))
  if (mid === null || cnt === null || tail === null) return undefined
  return [JSON.stringify(`${u.head} [`).slice(0, -1), mid, cnt, tail]
}

/** `f` with `query_only` lifted: the temp tables are written (in memory), never the copy's file. */
function writingTemp<T>(db: Db, f: () => T): T {
  db.pragma('query_only = OFF')
  try {
    return f()
  } finally {
    db.pragma('query_only = ON')
  }
}

const DROP = `DROP TABLE IF EXISTS ${URL_TABLE}; DROP TABLE IF EXISTS ${TRANSITION_TABLE}`

/** The temp tables go once the visits are read (their memory with them). */
function dropTables(db: Db): void {
  try {
    writingTemp(db, () => db.exec(DROP))
  } catch {
    // the connection closes after the History is read: they go then
  }
}

/**
 * The transition pieces and the URL pieces (given to `put` by `urls`) into the temp tables;
 * `query_only` is lifted for that alone. Returns the number of URLs put.
 */
function fill(db: Db, transitions: Array<[bigint, string, string]>, urls: (put: (id: number, head: string, mid: string, cnt: string, tail: string) => void) => void): number {
  db.pragma('temp_store = MEMORY')
  return writingTemp(db, () => {
    db.exec(`${DROP};
      CREATE TABLE ${URL_TABLE}(id INTEGER PRIMARY KEY, head TEXT, mid TEXT, cnt TEXT, tail TEXT);
      CREATE TABLE ${TRANSITION_TABLE}(v INTEGER PRIMARY KEY, core TEXT, frag TEXT)`)
    const u = db.prepare(`INSERT INTO ${URL_TABLE} VALUES (?, ?, ?, ?, ?)`)
    const t = db.prepare(`INSERT INTO ${TRANSITION_TABLE} VALUES (?, ?, ?)`)
    let n = 0
    db.transaction(() => {
      for (const r of transitions) t.run(...r)
      urls((...r) => void (u.run(...r), n++))
    })()
    return n
  })
}
