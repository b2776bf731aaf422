// What recognises browser history databases (name, SQLite header, schema text in the head), apart
// from the SQLite layer so that the registry loads it only when a file is claimed.
import type {ArtifactClaim} from '../types.js'
import {matchPathFor, sniffFor, type FamilySpec} from './recognise.js'

export const FIREFOX_PROFILE_HINT = /(firefox|mozilla|librewolf|waterfox|tor ?browser|floorp)/

export const CHROMIUM_HISTORY_SPEC: FamilySpec = {
  family: 'chromium',
  names: ['history'],
  // §2.1 profile locations of the Chromium family
  profileHint: /(user data|google-chrome|chromium|microsoft-edge|microsoft edge|brave-browser|opera|vivaldi|epic|yandexbrowser)\//,
  ddlTables: ['urls', 'visits'],
}

export const FIREFOX_PLACES_SPEC: FamilySpec = {
  family: 'firefox',
  names: ['places.sqlite'],
  profileHint: FIREFOX_PROFILE_HINT,
  ddlTables: ['moz_places', 'moz_historyvisits'],
}

export const FIREFOX_DOWNLOADS_SPEC: FamilySpec = {
  family: 'firefox',
  names: ['downloads.sqlite'],
  profileHint: FIREFOX_PROFILE_HINT,
  ddlTables: ['moz_downloads'],
}

export const SAFARI_HISTORY_SPEC: FamilySpec = {
  family: 'safari',
  names: ['history.db'],
  profileHint: /\/safari\//,
  ddlTables: ['history_items', 'history_visits'],
}

/** A browser DB's claim: its family spec decides the path test and the sniff (recognise.ts). Times are UTC. */
function databaseClaim(spec: FamilySpec, kind: string, title: string): ArtifactClaim {
  return {kind, timeSource: 'utc', title, matchPath: (p) => matchPathFor(spec, p), sniff: (head, p) => sniffFor(spec, head, p)}
}

// WebKit µs
export const chromiumHistoryClaim = databaseClaim(
  CHROMIUM_HISTORY_SPEC, 'browser.chromium_history',
  'Chromium-family History DB (Chrome, Edge, Brave, Opera, Vivaldi, Epic…): visits, downloads, searches',
)

// PRTime
export const firefoxPlacesClaim = databaseClaim(FIREFOX_PLACES_SPEC, 'browser.firefox_places', 'Firefox-family places.sqlite (visits, download annotations)')

// PRTime
export const firefoxLegacyDownloadsClaim = databaseClaim(FIREFOX_DOWNLOADS_SPEC, 'browser.firefox_downloads', 'Firefox ≤ 25 downloads.sqlite (legacy download list)')

// Cocoa seconds
export const safariHistoryClaim = databaseClaim(SAFARI_HISTORY_SPEC, 'browser.safari_history', 'Safari History.db (visits)')
