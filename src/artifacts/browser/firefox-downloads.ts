// Legacy Firefox (≤ 25) `downloads.sqlite`, table `moz_downloads` with PRTime start/end times
// (reference browser-history.md §3.4; corpus firefox-legacy-downloads-plaso, user_version 8).
import {cleanFields} from '../common.js'
import type {ArtifactParser} from '../types.js'
import {fileUriToPath, firefoxDownloadState} from './firefox-enums.js'
import {browserContext} from './profile-path.js'
import {FIREFOX_DOWNLOADS_SPEC as SPEC, firefoxLegacyDownloadsClaim} from './claims.js'
import {big, cols, iterateRows, num, openFamilyDb, prepareOrWarn, rawRow, str, type SqlValue} from './sqlite-evidence.js'
import {prtimeToIso} from './timestamps.js'

const COLUMNS = ['name', 'source', 'target', 'tempPath', 'startTime', 'endTime', 'state', 'referrer',
  'currBytes', 'maxBytes', 'mimeType', 'preferredApplication']

type Row = Record<string, SqlValue>

export const firefoxLegacyDownloads: ArtifactParser = {
  ...firefoxLegacyDownloadsClaim,

  async parse(input, ctx) {
    const opened = await openFamilyDb(input, (m) => ctx.warn(m), {names: SPEC.names, required: ['moz_downloads'], label: 'Firefox downloads DB'})
    if (!opened) return
    const {db, schema: s} = opened
    try {
      const b = browserContext(input.info.logicalPath, 'firefox')
      const sql = `SELECT d.id AS id${cols(s, 'moz_downloads', 'd', COLUMNS)} FROM moz_downloads d
        ORDER BY ${s.columns('moz_downloads').has('starttime') ? 'd.startTime, ' : ''}d.id`
      const stmt = prepareOrWarn(db, sql, 'moz_downloads', ctx.warn)
      if (!stmt) return
      for (const r of iterateRows<Row>(stmt, 'moz_downloads', ctx.warn)) {
        const url = str(r.source)
        const targetUri = str(r.target)
        const target = targetUri ? fileUriToPath(targetUri) : undefined
        const st = num(r.state)
        const state = st === undefined ? undefined : firefoxDownloadState(st)
        const start = prtimeToIso(big(r.startTime))
        const end = prtimeToIso(big(r.endTime))
        ctx.emit({
          time: start,
          timeBasis: 'utc',
          timePrecision: 'microsecond',
          type: 'browser.download',
          timestampDesc: 'Download start',
          location: `moz_downloads row ${str(r.id)}`,
          message: `${b.browser}${b.profile ? ` (${b.profile})` : ''} download ${url ?? '(no URL)'} -> ${target ?? '(no path)'}${state ? ` [${state}]` : ''}`,
          fields: cleanFields({
            browser: b.browser, profile: b.profile, user: b.user, snapshot: b.snapshot, url,
            target_path: target, target_uri: targetUri, file_name: str(r.name),
            received_bytes: num(r.currBytes), total_bytes: num(r.maxBytes), state,
            mime: str(r.mimeType), referrer: str(r.referrer),
            start_time: start ?? undefined, end_time: end ?? undefined,
            download_id: num(r.id),
          }),
          raw: rawRow(r),
        })
      }
    } finally {
      db.close()
    }
  },
}
