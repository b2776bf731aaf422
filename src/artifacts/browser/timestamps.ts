// Browser epochs to UTC ISO with integer arithmetic only (reference browser-history.md §0 rule 3:
// WebKit µs exceed 2^53, and float conversion is off by 1 µs). 0 / negative = "unset" → null.
import {isoFromEpochMicros} from '../../lib/time.js'

/** §2: Chromium time = µs since 1601-01-01 UTC; 11644473600 s separate 1601 from 1970. */
export const WEBKIT_TO_UNIX_US = 11_644_473_600_000_000n
/** §4: Safari/Cocoa time = seconds since 2001-01-01 UTC (Unix = t + 978307200). */
export const COCOA_TO_UNIX_S = 978_307_200n

export function webkitToIso(us: bigint | undefined): string | null {
  if (us === undefined || us <= 0n) return null
  return isoFromEpochMicros(us - WEBKIT_TO_UNIX_US)
}

/** Firefox PRTime (µs since 1970). */
export function prtimeToIso(us: bigint | undefined): string | null {
  if (us === undefined || us <= 0n) return null
  return isoFromEpochMicros(us)
}

/** Unix seconds (Chromium legacy downloads < v24, §2.3) to ISO with whole seconds. */
export function unixSecondsToIso(s: bigint | undefined): string | null {
  if (s === undefined || s <= 0n) return null
  return trimMicros(isoFromEpochMicros(s * 1_000_000n))
}

/** Unix milliseconds (Firefox download `metaData.endTime`, §3.4). */
export function unixMillisToIso(ms: number | undefined): string | null {
  if (ms === undefined || !Number.isSafeInteger(ms) || ms <= 0) return null
  return trimMicros(isoFromEpochMicros(BigInt(ms) * 1000n), 3)
}

/**
 * Safari REAL seconds since 2001 (§4). The double's shortest decimal form is split into whole
 * seconds and a µs fraction as digits, so no float multiplication can shift the µs.
 */
export function cocoaSecondsToIso(t: number | bigint | undefined | null): string | null {
  if (t === undefined || t === null) return null
  let whole: bigint
  let micros: bigint
  if (typeof t === 'bigint') {
    whole = t
    micros = 0n
  } else {
    if (!Number.isFinite(t)) return null
    const m = /^(-?\d+)(?:\.(\d+))?$/.exec(t.toFixed(7).replace(/0+$/, '').replace(/\.$/, ''))
    if (!m) return null
    whole = BigInt(m[1]!)
    // round the fraction to µs (toFixed(7) leaves one guard digit)
    const digits = (m[2] ?? '').padEnd(7, '0')
    micros = BigInt(digits.slice(0, 6)) + (Number(digits[6]) >= 5 ? 1n : 0n)
    if (whole < 0n && micros > 0n) {
      whole -= 1n
      micros = 1_000_000n - micros
    }
  }
  const unixUs = (whole + COCOA_TO_UNIX_S) * 1_000_000n + micros
  if (unixUs <= 0n) return null
  return isoFromEpochMicros(unixUs)
}

/** Drops trailing fraction digits the source never had (seconds or ms precision sources). */
function trimMicros(iso: string | null, keep = 0): string | null {
  if (iso === null) return null
  return iso.replace(/\.(\d{6})Z$/, (_m, f: string) => (keep > 0 ? '.' + f.slice(0, keep) + 'Z' : 'Z'))
}
