// Reading the time zone out of one SYSTEM hive: the part of host-zone.ts that needs the regf
// reader, imported only when the evidence holds a file that could be a SYSTEM hive.
import type {ArtifactInput, ParseContext} from '../types.js'
import {openHiveInput} from './open.js'
import {Keys} from './read.js'
import {hiveTimeZone, type HiveTimeZone} from './system.js'

const QUIET: ParseContext = {emit() {}, warn() {}}

export async function hiveZoneOf(input: ArtifactInput): Promise<HiveTimeZone | undefined> {
  const opened = await openHiveInput(input, QUIET)
  try {
    return hiveTimeZone(new Keys(opened.hive))
  } finally {
    opened.close()
  }
}
