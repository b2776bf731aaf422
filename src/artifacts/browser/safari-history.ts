// Safari `History.db` (reference browser-history.md §4): `history_visits` joined to
// `history_items`, REAL seconds since 2001-01-01 UTC. `history_tombstones` (deletion records) are
// not visits and are not emitted here. Downloads are not in History.db (§4).
import {cleanFields} from '../common.js'
import type {ArtifactParser} from '../types.js'
import {describe} from './events.js'
import {browserContext} from './profile-path.js'
import {SAFARI_HISTORY_SPEC as SPEC, safariHistoryClaim} from './claims.js'
import {cols, iterateRows, num, openFamilyDb, prepareOrWarn, rawRow, str, type SqlValue} from './sqlite-evidence.js'
import {cocoaSecondsToIso} from './timestamps.js'

const VISIT_COLUMNS = ['title', 'load_successful', 'http_non_get', 'synthesized', 'redirect_source', 'redirect_destination',
  'origin', 'generation', 'attributes', 'score']

type Row = Record<string, SqlValue>

export const safariHistory: ArtifactParser = {
  ...safariHistoryClaim,

  async parse(input, ctx) {
    const opened = await openFamilyDb(input, (m) => ctx.warn(m), {names: SPEC.names, required: ['history_items', 'history_visits'], label: 'Safari History DB'})
    if (!opened) return
    const {db, schema: s} = opened
    try {
      const b = browserContext(input.info.logicalPath, 'safari')
      const hasOrigin = s.columns('history_visits').has('origin')
      const sql = `SELECT v.id AS visit_id, v.history_item, v.visit_time${cols(s, 'history_visits', 'v', VISIT_COLUMNS)},
          i.url${cols(s, 'history_items', 'i', ['visit_count'])}
        FROM history_visits v LEFT JOIN history_items i ON i.id = v.history_item
        ORDER BY v.visit_time, v.id`
      const stmt = prepareOrWarn(db, sql, 'history_visits', ctx.warn)
      if (!stmt) return
      for (const r of iterateRows<Row>(stmt, 'history_visits', ctx.warn)) {
        const url = str(r.url)
        const title = str(r.title)
        const origin = num(r.origin)
        // §0 rule 6 / §4: origin 0 = this device, non-zero = synced via iCloud [unverified reading]
        const synced = hasOrigin ? origin !== undefined && origin !== 0 : undefined
        const redirectSource = num(r.redirect_source)
        const redirectDest = num(r.redirect_destination)
        const bool = (v: SqlValue) => (num(v) === undefined ? undefined : num(v) !== 0)
        const vt = r.visit_time
        ctx.emit({
          time: cocoaSecondsToIso(typeof vt === 'number' || typeof vt === 'bigint' ? vt : undefined),
          timeBasis: 'utc',
          timePrecision: 'microsecond',
          type: 'browser.visit',
          timestampDesc: 'Visit time',
          location: `history_visits row ${str(r.visit_id)}`,
          message: describe(b, 'visit', url, title, {synced}),
          fields: cleanFields({
            browser: b.browser, profile: b.profile, user: b.user, snapshot: b.snapshot, url, title,
            from_visit: redirectSource,
            redirect_destination: redirectDest,
            visit_count: num(r.visit_count),
            load_successful: bool(r.load_successful),
            http_non_get: bool(r.http_non_get),
            synthesized: bool(r.synthesized),
            synced,
            origin,
            visit_id: num(r.visit_id),
            url_id: num(r.history_item),
          }),
          raw: rawRow(r),
        })
      }
    } finally {
      db.close()
    }
  },
}
