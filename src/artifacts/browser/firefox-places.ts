// Firefox (and forks: LibreWolf, Waterfox, Tor Browser…) `places.sqlite` (reference
// browser-history.md §3): visits with visit type, places whose visits are gone, and downloads
// recorded as `moz_annos` annotations (Firefox ≥ 26, §3.4). Column presence decides the query.
import {cleanFields} from '../common.js'
import type {ArtifactParser, ParseContext} from '../types.js'
import {describe} from './events.js'
import {firefoxDownloadState, fileUriToPath} from './firefox-enums.js'
import {browserContext, type BrowserContext} from './profile-path.js'
import {FIREFOX_PLACES_SPEC as SPEC, firefoxPlacesClaim} from './claims.js'
import {big, cols, iterateRows, num, openFamilyDb, pauseEvery, prepareOrWarn, rawRow, str, type Db, type Schema, type SqlValue} from './sqlite-evidence.js'
import {prtimeToIso, unixMillisToIso} from './timestamps.js'

export {FIREFOX_PROFILE_HINT} from './claims.js'

/** §3.3 moz_historyvisits.visit_type (TransitionType). */
const VISIT_TYPE: Record<number, string> = {
  1: 'link', 2: 'typed', 3: 'bookmark', 4: 'embed', 5: 'redirect_permanent', 6: 'redirect_temporary',
  7: 'download', 8: 'framed_link', 9: 'reload',
}

/** §3.3 moz_historyvisits.source (newer schemas): how the visit was started, not sync status. */
const VISIT_SOURCE: Record<number, string> = {0: 'organic', 1: 'sponsored', 2: 'bookmarked', 3: 'searched'}

type Row = Record<string, SqlValue>

export const firefoxPlaces: ArtifactParser = {
  ...firefoxPlacesClaim,

  async parse(input, ctx) {
    // §3.2: moz_places + moz_historyvisits identify places.sqlite
    const opened = await openFamilyDb(input, (m) => ctx.warn(m), {names: SPEC.names, required: ['moz_places', 'moz_historyvisits'], label: 'Firefox places DB'})
    if (!opened) return
    const {db, schema: s} = opened
    try {
      const b = browserContext(input.info.logicalPath, 'firefox')
      await parseVisits(db, s, b, ctx)
      await parsePlacesOnly(db, s, b, ctx)
      await parseAnnoDownloads(db, s, b, ctx)
    } finally {
      db.close()
    }
  },
}

async function parseVisits(db: Db, s: Schema, b: BrowserContext, ctx: ParseContext): Promise<void> {
  const pause = pauseEvery()
  const sql = `SELECT v.id AS visit_id, v.place_id, v.visit_date${cols(s, 'moz_historyvisits', 'v', ['visit_type', 'from_visit', 'source', 'triggeringPlaceId'])},
      p.url${cols(s, 'moz_places', 'p', ['title', 'visit_count', 'typed', 'hidden'])}
    FROM moz_historyvisits v LEFT JOIN moz_places p ON p.id = v.place_id
    ORDER BY v.visit_date, v.id`
  const stmt = prepareOrWarn(db, sql, 'moz_historyvisits', ctx.warn)
  if (!stmt) return
  for (const r of iterateRows<Row>(stmt, 'moz_historyvisits', ctx.warn)) {
    const paused = pause()
    if (paused) await paused
    const vt = num(r.visit_type)
    const transition = vt === undefined ? undefined : VISIT_TYPE[vt] ?? `unknown_${vt}`
    const src = num(r.source)
    const url = str(r.url)
    const title = str(r.title)
    const from = num(r.from_visit)
    ctx.emit({
      time: prtimeToIso(big(r.visit_date)),
      timeBasis: 'utc',
      timePrecision: 'microsecond',
      type: 'browser.visit',
      timestampDesc: 'Visit time',
      location: `moz_historyvisits row ${str(r.visit_id)}`,
      message: describe(b, 'visit', url, title, {note: transition}),
      // §3.5: Firefox keeps no per-visit "synced from another device" flag, so synced/imported are
      // left out rather than asserted false
      fields: cleanFields({
        browser: b.browser, profile: b.profile, user: b.user, snapshot: b.snapshot, url, title,
        transition, visit_type: vt,
        from_visit: from !== undefined && from > 0 ? from : undefined,
        visit_source: src === undefined ? undefined : VISIT_SOURCE[src] ?? `unknown_${src}`,
        visit_count: num(r.visit_count),
        typed_count: num(r.typed),
        hidden: num(r.hidden) === 1 ? true : undefined,
        visit_id: num(r.visit_id),
        url_id: num(r.place_id),
      }),
      raw: rawRow(r),
    })
  }
}

/** Places with a last visit date but no visit rows left (expired/removed visits, §2.4 analogue). */
async function parsePlacesOnly(db: Db, s: Schema, b: BrowserContext, ctx: ParseContext): Promise<void> {
  const pause = pauseEvery()
  if (!s.columns('moz_places').has('last_visit_date')) return
  const sql = `SELECT p.id AS place_id, p.url${cols(s, 'moz_places', 'p', ['title', 'visit_count', 'typed'])}, p.last_visit_date
    FROM moz_places p WHERE p.last_visit_date > 0 AND NOT EXISTS (SELECT 1 FROM moz_historyvisits v WHERE v.place_id = p.id)
    ORDER BY p.last_visit_date, p.id`
  const stmt = prepareOrWarn(db, sql, 'moz_places', ctx.warn)
  if (!stmt) return
  for (const r of iterateRows<Row>(stmt, 'moz_places', ctx.warn)) {
    const paused = pause()
    if (paused) await paused
    const url = str(r.url)
    const title = str(r.title)
    ctx.emit({
      time: prtimeToIso(big(r.last_visit_date)),
      timeBasis: 'utc',
      timePrecision: 'microsecond',
      type: 'browser.url',
      timestampDesc: 'Last visit time (place without visit rows)',
      location: `moz_places row ${str(r.place_id)}`,
      message: describe(b, 'URL record (visits expired or deleted)', url, title, {}),
      fields: cleanFields({browser: b.browser, profile: b.profile, user: b.user, snapshot: b.snapshot, url, title, visit_count: num(r.visit_count), typed_count: num(r.typed), url_id: num(r.place_id)}),
      raw: rawRow(r),
    })
  }
}

const META_MAX = 64 * 1024

/** §3.4: `downloads/destinationFileURI` (+ `downloads/metaData` JSON, `endTime` in ms) per source place. */
async function parseAnnoDownloads(db: Db, s: Schema, b: BrowserContext, ctx: ParseContext): Promise<void> {
  const pause = pauseEvery()
  if (!s.tables.has('moz_annos') || !s.tables.has('moz_anno_attributes')) return
  const sub = (name: string) =>
    `(SELECT m.content FROM moz_annos m JOIN moz_anno_attributes n2 ON n2.id = m.anno_attribute_id
      WHERE m.place_id = a.place_id AND n2.name = '${name}' ORDER BY m.id DESC LIMIT 1)`
  const sql = `SELECT a.id AS anno_id, a.place_id, a.content AS dest_uri${cols(s, 'moz_annos', 'a', ['dateAdded', 'lastModified'])},
      p.url${cols(s, 'moz_places', 'p', ['title'])},
      ${sub('downloads/metaData')} AS meta, ${sub('downloads/destinationFileName')} AS dest_name
    FROM moz_annos a JOIN moz_anno_attributes n ON n.id = a.anno_attribute_id AND n.name = 'downloads/destinationFileURI'
    LEFT JOIN moz_places p ON p.id = a.place_id
    ORDER BY ${s.columns('moz_annos').has('dateadded') ? 'a.dateAdded, ' : ''}a.id`
  const stmt = prepareOrWarn(db, sql, 'moz_annos', ctx.warn)
  if (!stmt) return
  for (const r of iterateRows<Row>(stmt, 'moz_annos', ctx.warn)) {
    const paused = pause()
    if (paused) await paused
    const url = str(r.url)
    const destUri = str(r.dest_uri)
    const target = destUri ? fileUriToPath(destUri) : undefined
    let meta: {state?: unknown; endTime?: unknown; fileSize?: unknown} = {}
    const metaText = str(r.meta)
    if (metaText) {
      try {
        const parsed: unknown = metaText.length <= META_MAX ? JSON.parse(metaText) : undefined
        if (parsed && typeof parsed === 'object') meta = parsed as typeof meta
        else ctx.warn(`moz_annos row ${str(r.anno_id)}: downloads/metaData is not a JSON object`)
      } catch {
        ctx.warn(`moz_annos row ${str(r.anno_id)}: downloads/metaData is not valid JSON`)
      }
    }
    const state = typeof meta.state === 'number' ? firefoxDownloadState(meta.state) : undefined
    const size = typeof meta.fileSize === 'number' && Number.isSafeInteger(meta.fileSize) ? meta.fileSize : undefined
    const start = prtimeToIso(big(r.dateAdded))
    const end = typeof meta.endTime === 'number' ? unixMillisToIso(meta.endTime) : null
    ctx.emit({
      // §3.4: the destination annotation's dateAdded ≈ download start
      time: start,
      timeBasis: 'utc',
      timePrecision: 'microsecond',
      type: 'browser.download',
      timestampDesc: 'Download start',
      location: `moz_annos row ${str(r.anno_id)}`,
      message: `${b.browser}${b.profile ? ` (${b.profile})` : ''} download ${url ?? '(no URL)'} -> ${target ?? '(no path)'}${state ? ` [${state}]` : ''}`,
      fields: cleanFields({
        browser: b.browser, profile: b.profile, user: b.user, snapshot: b.snapshot, url, title: str(r.title),
        target_path: target, target_uri: destUri,
        file_name: str(r.dest_name) ?? target?.split(/[\\/]/).at(-1),
        received_bytes: state === 'finished' ? size : undefined,
        total_bytes: size, state,
        start_time: start ?? undefined, end_time: end ?? undefined,
        url_id: num(r.place_id),
      }),
      raw: rawRow(r),
    })
  }
}
