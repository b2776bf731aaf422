// The host's time zone from the SYSTEM hive of the evidence (reference §4.5), found before the
// other parsers run so that zone-less local times of the same case can use it when the
// responder gave no --host-tz. One pass over the listing; only files named SYSTEM are opened, and
// the hive reader (host-zone-read.ts) is imported only when one of them starts with `regf`.
import {pathInfoOf} from '../../evidence/paths.js'
import type {EvidenceLimits} from '../../evidence/virtual-file.js'
import {walkEvidence} from '../../evidence/walk.js'
import {isRegfMagic} from '../../core/magic.js'
import {readHead} from '../../evidence/virtual-file.js'
import {HashedInput} from '../../lib/artifact-input.js'
import {isValidTimeZone} from '../../lib/time.js'

export interface HostZone {
  /** IANA zone. */
  zone: string
  /** Windows zone name as stored. */
  windowsName: string
  /** Evidence path of the SYSTEM hive it came from. */
  path: string
}

/** The zone of the evidence's SYSTEM hive(s); undefined when none, unknown, or they disagree. */
export async function hostZoneFromHives(evidence: string, limits: EvidenceLimits, warn: (m: string) => void): Promise<HostZone | undefined> {
  const found: HostZone[] = []
  for await (const file of walkEvidence(evidence, limits, () => {})) {
    if (file.archive) continue
    const info = pathInfoOf(file.path)
    if (info.name.toLowerCase() !== 'system') continue
    let input: HashedInput | undefined
    try {
      if (!isRegfMagic(await readHead(file, 4))) continue
      input = new HashedInput(info, file)
      // the regf reader is loaded only for a file that is named SYSTEM and starts with `regf`
      const {hiveZoneOf} = await import('./host-zone-read.js')
      const tz = await hiveZoneOf(input)
      if (tz?.name && tz.iana && isValidTimeZone(tz.iana)) found.push({zone: tz.iana, windowsName: tz.name, path: file.path})
      else if (tz?.name) warn(`${file.path}: time zone "${tz.name}" has no known IANA equivalent; zone-less local times stay as assumed UTC`)
    } catch {
      // the SYSTEM parser reports an unreadable hive in the inventory
    } finally {
      await input?.cleanup()
    }
  }
  const zones = new Set(found.map((f) => f.zone))
  if (zones.size > 1) {
    warn(`SYSTEM hives disagree on the host time zone (${[...zones].join(', ')}); zone-less local times stay as assumed UTC (give --host-tz)`)
    return undefined
  }
  return found[0]
}
