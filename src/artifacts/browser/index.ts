// Browser history parsers in registration order (more specific names first; all identify the DB
// by its tables after opening). See reference browser-history.md.
import type {ArtifactParser} from '../types.js'
import {chromiumHistory} from './chromium-history.js'
import {firefoxLegacyDownloads} from './firefox-downloads.js'
import {firefoxPlaces} from './firefox-places.js'
import {safariHistory} from './safari-history.js'

export {chromiumHistory, firefoxLegacyDownloads, firefoxPlaces, safariHistory}

export const BROWSER_PARSERS: readonly ArtifactParser[] = [safariHistory, firefoxPlaces, firefoxLegacyDownloads, chromiumHistory]
