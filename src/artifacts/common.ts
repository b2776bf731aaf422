// Small helpers every parser needs: zone-less wall times to event times, and field hygiene.
import type {Fields, FieldValue, TimeBasis} from '../lib/model.js'
import {isValidWallTime, wallToIso, zonedWallToIso, type WallTime} from '../lib/time.js'

export interface EventTime {
  time: string | null
  timeBasis: TimeBasis
}

/**
 * A wall time with no zone in the source: UTC as assumed (`assumed-utc`) unless the responder
 * gave the host's zone (`--host-tz`), then converted with the zone database (`local-converted`).
 */
export function zonelessTime(t: WallTime, hostTz: string | undefined): EventTime {
  if (!isValidWallTime(t)) return {time: null, timeBasis: 'unknown'}
  if (hostTz) return {time: zonedWallToIso(t, hostTz), timeBasis: 'local-converted'}
  return {time: wallToIso(t), timeBasis: 'assumed-utc'}
}

/** `YYYY-MM-DD` + `HH:MM[:SS[.fff]]` to a WallTime (no validation of ranges here). */
export function wallFromParts(date: string, time: string): WallTime {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number]
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,](\d+))?$/.exec(time)
  return {
    year: y, month: mo, day: d,
    hour: m ? Number(m[1]) : 0, minute: m ? Number(m[2]) : 0, second: m?.[3] ? Number(m[3]) : 0,
    fraction: m?.[4],
  }
}

/** Drops undefined/empty values so every event's `fields` holds only what the source said. */
export function cleanFields(f: Record<string, FieldValue | undefined | null>): Fields {
  const out: Fields = {}
  // for…in over own enumerable keys: called once per event, so no intermediate arrays
  for (const k in f) {
    const v = f[k]
    if (v === undefined || v === null || v === '') continue
    if (typeof v === 'number' && !Number.isFinite(v)) continue
    out[k] = v
  }
  return out
}

/** `1.2.3.4:5678`, `[::1]:5678` -> ip and port. */
export function splitHostPort(s: string): {ip: string; port?: number} {
  const v6 = /^\[([^\]]+)\]:(\d+)$/.exec(s)
  if (v6) return {ip: v6[1]!, port: Number(v6[2])}
  const m = /^(.*):(\d+)$/.exec(s)
  if (m && !m[1]!.includes(':')) return {ip: m[1]!, port: Number(m[2])}
  return {ip: s}
}
