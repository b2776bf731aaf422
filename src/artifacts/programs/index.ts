// The installed-program parsers in registration order (most specific content tests first).
// `registry.ts` lists them one by one; this array is for tests and for the report's method list.
import {programsClixml} from './clixml.js'
import {programsDpkgList} from './dpkg-list.js'
import {programsDpkgStatus} from './dpkg-status.js'
import {programsJson} from './json-lists.js'
import {programsRecmdCsv} from './recmd-csv.js'
import {programsRegExport} from './reg-export.js'
import {programsRpmList} from './rpm-list.js'
import {programsSystemProfiler} from './system-profiler.js'
import {programsWindowsCsv} from './windows-csv.js'
import {programsWmicXml} from './wmic-xml.js'
import type {ArtifactParser} from '../types.js'

export const PROGRAM_PARSERS: readonly ArtifactParser[] = [
  programsRegExport,
  programsRecmdCsv,
  programsWindowsCsv,
  programsWmicXml,
  programsClixml,
  programsSystemProfiler,
  programsJson,
  programsDpkgStatus,
  programsDpkgList,
  programsRpmList,
]

export {
  programsClixml, programsDpkgList, programsDpkgStatus, programsJson, programsRecmdCsv, programsRegExport,
  programsRpmList, programsSystemProfiler, programsWindowsCsv, programsWmicXml,
}
