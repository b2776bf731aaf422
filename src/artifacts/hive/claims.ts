// What recognises a raw registry hive (name hint, regf base block), apart from the hive reader so
// that the registry loads it only when a file is claimed (see types.ts ArtifactClaim).
import {isPrimaryHiveHead} from '../../core/magic.js'
import type {ArtifactClaim, PathInfo} from '../types.js'

const ROLE_WORD = /(system|software|ntuser|amcache)/i
/** Logs and transaction files next to hives: side files, not hives. */
const NOT_A_HIVE = /\.(log\d?|blf|regtrans-ms|sav|txt|csv|json|xml|reg|evtx|zip)$/i

export function hivePathCandidate(p: PathInfo): boolean {
  return ROLE_WORD.test(p.name) && !NOT_A_HIVE.test(p.name)
}

export const registryHiveClaim: ArtifactClaim = {
  kind: 'windows.registry-hive',
  // LastWrite and device FILETIMEs are UTC; InstallDate, NetworkList and Amcache dates are zone-less local time
  timeSource: 'local',
  title: 'Windows registry hive (SYSTEM, SOFTWARE, NTUSER.DAT, Amcache.hve; .LOG1/.LOG2 replayed in memory)',
  matchPath: hivePathCandidate,
  // a primary hive, not a transaction log (file type 0), format version 1
  sniff: (head: Buffer): boolean => isPrimaryHiveHead(head),
}
