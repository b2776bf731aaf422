// Chromium-family `History` (Chrome, Edge, Brave, Opera, Vivaldi, Chromium, Epic…), every schema
// from v20 to v70 (reference browser-history.md §2): visits with decoded transitions, URL rows whose
// visits expired, downloads (redirect chains collapsed to first/final URL; legacy pre-v24 layout)
// and keyword search terms. Shape is taken from the columns present, never from `meta.version`
// (§0 rule 4).
import {pad} from '../../lib/time.js'
import {cleanFields} from '../common.js'
import type {ParsedEvent} from '../../lib/model.js'
import type {ArtifactParser, ParseContext} from '../types.js'
import {DANGER_TYPE, decodeTransition, DOWNLOAD_STATE, enumName, INTERRUPT_REASON, VISIT_SOURCE} from './chromium-enums.js'
import {visitLines, VISIT_DESC, VISIT_TYPE, type VisitUrl} from './chromium-visit-lines.js'
import {describe, withTags} from './events.js'
import {browserContext, type BrowserContext} from './profile-path.js'
import {CHROMIUM_HISTORY_SPEC as SPEC, chromiumHistoryClaim} from './claims.js'
import {
  big, cols, iterateRows, num, openFamilyDb, pauseEvery, prepareOrWarn, rawRow, str, type Db, type Schema, type SqlValue,
} from './sqlite-evidence.js'
import {unixSecondsToIso, WEBKIT_TO_UNIX_US, webkitToIso} from './timestamps.js'

type Row = Record<string, SqlValue>

/** §2.8: before schema v17, Mac/Linux History held Unix µs; WebKit µs are ≈1.2e16–1.4e16. */
function visitTimeIso(t: bigint | undefined, schemaVersion: number | undefined): string | null {
  if (t !== undefined && schemaVersion !== undefined && schemaVersion < 17 && t > 0n && t < 10_000_000_000_000_000n) {
    return webkitToIso(t + 11_644_473_600_000_000n)
  }
  return webkitToIso(t)
}

export const chromiumHistory: ArtifactParser = {
  ...chromiumHistoryClaim,

  async parse(input, ctx) {
    // §2.2: tables urls + visits (meta since the start) identify a Chromium History DB
    const opened = await openFamilyDb(input, (m) => ctx.warn(m), {names: SPEC.names, required: ['urls', 'visits'], label: 'Chromium History DB'})
    if (!opened) return
    const {db, schema} = opened
    try {
      const bctx = browserContext(input.info.logicalPath, 'chromium')
      const version = num(readMeta(db, schema, 'version', ctx))
      await parseVisits(db, schema, bctx, version, ctx)
      await parseUrlOnly(db, schema, bctx, version, ctx)
      await parseDownloads(db, schema, bctx, ctx)
      await parseSearches(db, schema, bctx, ctx)
    } finally {
      db.close()
    }
  },
}

function readMeta(db: Db, schema: Schema, key: string, ctx: ParseContext): SqlValue | undefined {
  if (!schema.tables.has('meta')) {
    ctx.warn('no meta table: not written by Chromium as such (synthetic or damaged DB); rows read anyway')
    return undefined
  }
  try {
    const r = db.prepare('SELECT value FROM meta WHERE key = ?').safeIntegers(true).get(key) as Row | undefined
    return r?.value
  } catch (error) {
    ctx.warn(`meta: ${(error as Error).message}`)
    return undefined
  }
}

// URL rows kept in memory by id while visits stream past (a visit's URL is looked up once, not
// joined per visit); beyond this many distinct URLs, the rest are read per visit from the DB.
const URL_CACHE = 200_000
const URL_COLS = ['title', 'visit_count', 'typed_count', 'hidden'] as const

/** What a visit shows of its URL (`head`: `describe(…)` up to the tags, shared by every visit of it). */
interface UrlRow extends VisitUrl {
  /** The urls columns as the join would give them (null for a visit whose URL row is missing). */
  row: Row
}

/**
 * `visitTimeIso` for a stream of visits in time order: the text up to the hour is made once per
 * distinct hour (a Date and BigInt arithmetic), minutes, seconds and microseconds are written as
 * digits. UTC hours have 3,600 seconds each in ECMAScript time, so the text is the same.
 */
export class VisitClock {
  private hour = Number.NaN
  private head = ''

  constructor(private readonly version: number | undefined) {}

  iso(v: SqlValue | undefined): string | null {
    const t = big(v)
    // the pre-v17 Unix reading and values outside the safe range take the general path
    if (t === undefined || t <= WEBKIT_TO_UNIX_US || (this.version !== undefined && this.version < 17)) return visitTimeIso(t, this.version)
    const us = t - WEBKIT_TO_UNIX_US
    if (us > MAX_SAFE_US) return visitTimeIso(t, this.version)
    const n = Number(us)
    const hour = Math.floor(n / 3_600_000_000)
    if (hour !== this.hour) {
      const iso = visitTimeIso(t, this.version)
      // only the canonical shape `YYYY-MM-DDTHH:MM:SS.ffffffZ` is reused
      if (iso === null || iso.length !== 27 || iso.charCodeAt(19) !== 46) return iso
      this.hour = hour
      this.head = iso.slice(0, 14)
      return iso
    }
    const inHour = n - hour * 3_600_000_000
    const sec = Math.floor(inHour / 1_000_000)
    return this.head + pad(Math.floor(sec / 60)) + ':' + pad(sec % 60) + '.' + pad(inHour - sec * 1_000_000, 6) + 'Z'
  }
}

const MAX_SAFE_US = BigInt(Number.MAX_SAFE_INTEGER)
const MIN_ID = -(2n ** 30n)
const MAX_ID = 2n ** 30n - 1n

async function parseVisits(db: Db, s: Schema, b: BrowserContext, version: number | undefined, ctx: ParseContext): Promise<void> {
  const pause = pauseEvery()
  const hasSource = s.tables.has('visit_source')
  const urlCols = `u.url AS url${cols(s, 'urls', 'u', URL_COLS)}`
  // §2.4 version-tolerant visit query; ORDER BY time then id for a deterministic stream. Rows are
  // read as arrays (no object per row) and the URL columns come from the URL lookup below.
  const select = `SELECT v.id AS visit_id, v.url AS url_id, v.visit_time${cols(s, 'visits', 'v', [
      'from_visit', 'transition', 'visit_duration', 'opener_visit', 'originator_cache_guid', 'external_referrer_url', 'app_id',
    ])}${hasSource ? ', vs.source AS visit_source' : ''}`
  const from = `FROM visits v${hasSource ? ' LEFT JOIN visit_source vs ON vs.id = v.id' : ''}`
  const sql = `${select} ${from} ORDER BY v.visit_time, v.id`
  const stmt = prepareOrWarn(db, sql, 'visits', ctx.warn)
  if (!stmt) return
  const lookup = prepareOrWarn(db, `SELECT ${urlCols} FROM urls u WHERE u.id = ?`, 'urls', ctx.warn)
  if (!lookup) return
  stmt.raw(true)
  const names = stmt.columns().map((c) => c.name)
  const at = (name: string) => names.indexOf(name)
  const [iId, iUrl, iTime, iFrom, iTr, iDur, iOpen, iGuid, iExt, iApp, iSrc] = [
    'visit_id', 'url_id', 'visit_time', 'from_visit', 'transition', 'visit_duration', 'opener_visit', 'originator_cache_guid',
    'external_referrer_url', 'app_id', 'visit_source',
  ].map(at) as number[]
  const urlNames = ['url', ...URL_COLS.filter((c) => s.columns('urls').has(c))]
  // keyed by the id's value as a number where exact (a Map hashes small numbers fastest; BigInts
  // are hashed from their digits on every lookup), else by the value itself: no string per visit
  const urls = new Map<SqlValue, UrlRow>()
  const keyOf = (id: SqlValue): SqlValue => (typeof id === 'bigint' && id >= MIN_ID && id <= MAX_ID ? Number(id) : id)
  const toUrlRow = (r: Row | undefined): UrlRow => {
    const row: Row = {}
    for (const k of urlNames) row[k] = r ? r[k]! : null
    const url = str(row.url)
    const title = str(row.title)
    return {
      row, url, title,
      head: describe(b, 'visit', url, title, {}),
      visitCount: num(row.visit_count), typedCount: num(row.typed_count), hidden: num(row.hidden) === 1 ? true : undefined,
    }
  }
  // every URL row at once while there are not too many (one pass instead of a lookup per URL)
  const all = prepareOrWarn(db, `SELECT u.id AS url_id, ${urlCols} FROM urls u LIMIT ${URL_CACHE}`, 'urls', ctx.warn)
  if (all) for (const r of iterateRows<Row>(all, 'urls', ctx.warn)) urls.set(keyOf(r.url_id!), toUrlRow(r))
  let unreadable = 0
  const urlOf = (id: SqlValue): UrlRow => {
    // a BLOB id has no value identity in a Map: looked up each time (SQLite decides the match)
    const key = keyOf(id)
    let u = urls.get(key)
    if (u) return u
    let r: Row | undefined
    try {
      r = id === null ? undefined : (lookup.get(id) as Row | undefined)
    } catch (error) {
      // damaged pages: said once with a count at the end; the visit is kept without its URL row
      if (unreadable++ === 0) ctx.warn(`urls row ${String(id)}: ${(error as Error).message}`)
    }
    u = toUrlRow(r)
    if (urls.size < URL_CACHE) urls.set(key, u)
    return u
  }
  // a History holds a few dozen distinct transition values: decoded once each
  const transitions = new Map<SqlValue, {tr: ReturnType<typeof decodeTransition>; qualifiers: string | undefined} | undefined>()
  const transitionOf = (v: SqlValue | undefined) => {
    if (v === undefined || v === null) return undefined
    let d = transitions.get(v)
    if (d === undefined && !transitions.has(v)) {
      const t = big(v)
      const tr = t === undefined ? undefined : decodeTransition(t)
      d = tr ? {tr, qualifiers: tr.qualifiers.join(',')} : undefined
      if (transitions.size < 4096) transitions.set(v, d)
    }
    return d
  }
  const time = new VisitClock(version)
  const get = (r: SqlValue[], i: number): SqlValue | undefined => (i < 0 ? undefined : r[i])
  const event = (r: SqlValue[]): ParsedEvent => {
    const u = urlOf(r[iUrl]!)
    const id = str(r[iId])
    const decoded = transitionOf(get(r, iTr))
    const tr = decoded?.tr
    const source = num(get(r, iSrc))
    const sourceName = source === undefined ? undefined : enumName(VISIT_SOURCE, source)
    const guid = str(get(r, iGuid))
    // §0 rule 6 / §2.8: visit_source 0 or an originator device GUID = synced from another device
    const synced = source === 0 || (guid !== undefined && guid !== '')
    const imported = source !== undefined && source >= 3 && source <= 7
    const durUs = num(get(r, iDur))
    const fromVisit = num(get(r, iFrom))
    const opener = num(get(r, iOpen))
    return {
      time: time.iso(r[iTime]),
      timeBasis: 'utc',
      timePrecision: 'microsecond',
      type: VISIT_TYPE,
      timestampDesc: VISIT_DESC,
      location: `visits row ${id}`,
      message: withTags(u.head, tr ? tr.core : undefined, synced, imported ? sourceName : undefined),
      fields: cleanFields({
        browser: b.browser, profile: b.profile, user: b.user, snapshot: b.snapshot,
        url: u.url, title: u.title,
        transition: tr?.core,
        transition_qualifiers: decoded?.qualifiers,
        transition_raw: tr?.value,
        visit_duration_s: durUs !== undefined && durUs > 0 ? durUs / 1_000_000 : undefined,
        from_visit: fromVisit !== undefined && fromVisit > 0 ? fromVisit : undefined,
        opener_visit: opener !== undefined && opener > 0 ? opener : undefined,
        visit_count: u.visitCount,
        typed_count: u.typedCount,
        hidden: u.hidden,
        synced, imported,
        visit_source: sourceName,
        originator_cache_guid: guid,
        external_referrer_url: str(get(r, iExt)),
        app_id: str(get(r, iApp)),
        visit_id: num(r[iId]),
        url_id: num(r[iUrl]),
      }),
      // the row as the visits ⨝ urls join gives it, in the same column order
      rawOf: () => rawRow(visitRow(names, r, u.row, hasSource)),
    }
  }
  // a JSONL-only run: visits nothing else needs become lines built in SQL (every URL row known up
  // front; the pre-v17 Unix-time reading stays on the object path)
  const asLines = ctx.lines !== undefined && urls.size < URL_CACHE && (version === undefined || version >= 17) &&
    await visitLines({db, schema: s, b, ctx, lines: ctx.lines, urls, select, from, hasSource, event, pause})
  if (!asLines) {
    for (const r of iterateRows<SqlValue[]>(stmt, 'visits', ctx.warn)) {
      const paused = pause()
      if (paused) await paused
      ctx.emit(event(r))
    }
  }
  if (unreadable > 1) ctx.warn(`urls: ${unreadable} URL rows could not be read; their visits are kept without URL, title and counts`)
}

function visitRow(names: string[], r: SqlValue[], url: Row, hasSource: boolean): Row {
  const out: Row = {}
  const n = hasSource ? names.length - 1 : names.length
  for (let i = 0; i < n; i++) out[names[i]!] = r[i]!
  Object.assign(out, url)
  if (hasSource) out.visit_source = r[n]!
  return out
}

/** §2.4: URL rows that outlived their visits (expiry/deletion) keep `last_visit_time`. */
async function parseUrlOnly(db: Db, s: Schema, b: BrowserContext, version: number | undefined, ctx: ParseContext): Promise<void> {
  const pause = pauseEvery()
  const sql = `SELECT u.id AS url_id, u.url${cols(s, 'urls', 'u', ['title', 'visit_count', 'typed_count', 'last_visit_time', 'hidden'])}
    FROM urls u WHERE NOT EXISTS (SELECT 1 FROM visits v WHERE v.url = u.id)
    ORDER BY ${s.columns('urls').has('last_visit_time') ? 'u.last_visit_time, ' : ''}u.id`
  const stmt = prepareOrWarn(db, sql, 'urls', ctx.warn)
  if (!stmt) return
  for (const r of iterateRows<Row>(stmt, 'urls', ctx.warn)) {
    const paused = pause()
    if (paused) await paused
    const url = str(r.url)
    const title = str(r.title)
    ctx.emit({
      time: visitTimeIso(big(r.last_visit_time), version),
      timeBasis: 'utc',
      timePrecision: 'microsecond',
      type: 'browser.url',
      timestampDesc: 'Last visit time (URL row without visit rows)',
      location: `urls row ${str(r.url_id)}`,
      message: describe(b, 'URL record (visits expired or deleted)', url, title, {}),
      fields: cleanFields({
        browser: b.browser, profile: b.profile, user: b.user, snapshot: b.snapshot, url, title,
        visit_count: num(r.visit_count), typed_count: num(r.typed_count),
        hidden: num(r.hidden) === 1 ? true : undefined, url_id: num(r.url_id),
      }),
      raw: rawRow(r),
    })
  }
}

const MAX_CHAIN = 100

async function parseDownloads(db: Db, s: Schema, b: BrowserContext, ctx: ParseContext): Promise<void> {
  const pause = pauseEvery()
  if (!s.tables.has('downloads')) return
  const have = s.columns('downloads')
  const legacy = !have.has('target_path') && !have.has('current_path') && have.has('full_path')
  const want = legacy
    ? ['full_path', 'url', 'start_time', 'end_time', 'received_bytes', 'total_bytes', 'state', 'opened']
    : ['guid', 'current_path', 'target_path', 'start_time', 'end_time', 'received_bytes', 'total_bytes', 'state',
        'danger_type', 'interrupt_reason', 'hash', 'opened', 'last_access_time', 'transient', 'referrer', 'site_url',
        'tab_url', 'tab_referrer_url', 'http_method', 'by_ext_id', 'by_ext_name', 'by_web_app_id', 'etag',
        'last_modified', 'mime_type', 'original_mime_type']
  const sql = `SELECT d.id AS id${cols(s, 'downloads', 'd', want)} FROM downloads d
    ORDER BY ${have.has('start_time') ? 'd.start_time, ' : ''}d.id`
  const stmt = prepareOrWarn(db, sql, 'downloads', ctx.warn)
  if (!stmt) return
  // §2.3 downloads_url_chains: one row per redirect hop, chain_index 0 = first URL, max = final
  const chainStmt = s.tables.has('downloads_url_chains')
    ? prepareOrWarn(db, `SELECT url FROM downloads_url_chains WHERE id = ? ORDER BY chain_index LIMIT ${MAX_CHAIN + 1}`, 'downloads_url_chains', ctx.warn)
    : undefined
  for (const r of iterateRows<Row>(stmt, 'downloads', ctx.warn)) {
    const paused = pause()
    if (paused) await paused
    let chain: string[] = []
    if (chainStmt) {
      try {
        chain = (chainStmt.all(r.id) as Row[]).map((c) => str(c.url) ?? '')
      } catch (error) {
        ctx.warn(`downloads_url_chains for download ${str(r.id)}: ${(error as Error).message}`)
      }
    }
    if (legacy && str(r.url)) chain = [str(r.url)!]
    const cut = chain.length > MAX_CHAIN
    if (cut) chain = chain.slice(0, MAX_CHAIN)
    const finalUrl = chain.at(-1)
    const firstUrl = chain[0]
    const target = str(legacy ? r.full_path : r.target_path) || str(r.current_path)
    // §2.3: legacy (< v24) start/end are Unix seconds; later WebKit µs
    const start = legacy ? unixSecondsToIso(big(r.start_time)) : webkitToIso(big(r.start_time))
    const end = legacy ? unixSecondsToIso(big(r.end_time)) : webkitToIso(big(r.end_time))
    const state = enumName(DOWNLOAD_STATE, num(r.state))
    const danger = enumName(DANGER_TYPE, num(r.danger_type))
    const interrupt = num(r.interrupt_reason)
    const hash = Buffer.isBuffer(r.hash) && r.hash.length > 0 ? r.hash.toString('hex') : undefined
    const received = num(r.received_bytes)
    const total = num(r.total_bytes)
    ctx.emit({
      time: start,
      timeBasis: 'utc',
      timePrecision: legacy ? 'second' : 'microsecond',
      type: 'browser.download',
      timestampDesc: 'Download start',
      location: `downloads row ${str(r.id)}`,
      message: `${b.browser}${b.profile ? ` (${b.profile})` : ''} download ${finalUrl ?? '(no URL)'} -> ${target ?? '(no path)'}` +
        `${state ? ` [${state}${danger && danger !== 'not_dangerous' ? `, ${danger}` : ''}]` : ''}`,
      fields: cleanFields({
        browser: b.browser, profile: b.profile, user: b.user, snapshot: b.snapshot,
        url: finalUrl,
        first_url: firstUrl,
        url_chain: chain.length > 1 ? chain.join(' -> ') + (cut ? ' -> …' : '') : undefined,
        hops: chainStmt || legacy ? chain.length : undefined,
        target_path: target,
        file_name: target ? target.split(/[\\/]/).at(-1) : undefined,
        current_path: str(r.current_path) !== target ? str(r.current_path) : undefined,
        received_bytes: received,
        total_bytes: total,
        state,
        danger_type: danger,
        interrupt_reason: interrupt !== undefined && interrupt !== 0 ? enumName(INTERRUPT_REASON, interrupt) : undefined,
        mime: str(r.mime_type),
        original_mime: str(r.original_mime_type) !== str(r.mime_type) ? str(r.original_mime_type) : undefined,
        referrer: str(r.referrer),
        tab_url: str(r.tab_url),
        tab_referrer_url: str(r.tab_referrer_url),
        site_url: str(r.site_url),
        start_time: start ?? undefined,
        end_time: end ?? undefined,
        // §2.3: `opened` is 0/1, not a timestamp
        opened: num(r.opened) === undefined ? undefined : num(r.opened) === 1,
        last_access_time: webkitToIso(big(r.last_access_time)) ?? undefined,
        transient: num(r.transient) === 1 ? true : undefined,
        guid: str(r.guid),
        sha256: hash,
        http_method: str(r.http_method),
        by_ext_id: str(r.by_ext_id),
        by_ext_name: str(r.by_ext_name),
        by_web_app_id: str(r.by_web_app_id),
        etag: str(r.etag),
        last_modified: str(r.last_modified),
        download_id: num(r.id),
      }),
      raw: rawRow({...r, url_chain: chain.join(' ')}),
    })
  }
}

async function parseSearches(db: Db, s: Schema, b: BrowserContext, ctx: ParseContext): Promise<void> {
  const pause = pauseEvery()
  if (!s.tables.has('keyword_search_terms')) return
  const k = s.columns('keyword_search_terms')
  // §2.7 41→42: lower_term renamed normalized_term
  const norm = k.has('normalized_term') ? 'k.normalized_term' : k.has('lower_term') ? 'k.lower_term' : 'NULL'
  const last = s.columns('urls').has('last_visit_time') ? 'u.last_visit_time' : 'NULL'
  const sql = `SELECT k.rowid AS row_id, k.keyword_id, k.url_id, k.term, ${norm} AS normalized_term, u.url, ${last} AS last_visit_time
    FROM keyword_search_terms k LEFT JOIN urls u ON u.id = k.url_id ORDER BY ${last}, k.rowid`
  const stmt = prepareOrWarn(db, sql, 'keyword_search_terms', ctx.warn)
  if (!stmt) return
  for (const r of iterateRows<Row>(stmt, 'keyword_search_terms', ctx.warn)) {
    const paused = pause()
    if (paused) await paused
    const term = str(r.term)
    const url = str(r.url)
    ctx.emit({
      // §2.3: the table has no time of its own; the search URL's last visit is the closest
      time: webkitToIso(big(r.last_visit_time)),
      timeBasis: 'utc',
      timePrecision: 'microsecond',
      type: 'browser.search',
      timestampDesc: 'Last visit of the search URL',
      location: `keyword_search_terms row ${str(r.row_id)}`,
      message: `${b.browser}${b.profile ? ` (${b.profile})` : ''} search "${term ?? ''}"${url ? ` (${url})` : ''}`,
      fields: cleanFields({
        browser: b.browser, profile: b.profile, user: b.user, snapshot: b.snapshot, term,
        normalized_term: str(r.normalized_term) !== term ? str(r.normalized_term) : undefined,
        url, url_id: num(r.url_id), keyword_id: num(r.keyword_id),
      }),
      raw: rawRow(r),
    })
  }
}
