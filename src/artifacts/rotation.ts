// Rotated logs keep their name plus a suffix: logrotate's numbered `syslog.1` and dateext
// `messages-20240601` (also `-YYYYMMDDHH`), `.old`/`.bak` copies. A `.gz` is removed before this,
// by the evidence layer (src/evidence/gzip.ts), so `kern.log.3.gz` arrives as `kern.log.3`.
const ROTATION_SUFFIX = /(?:\.\d{1,3}|-\d{8}(?:\d{2})?|[._-]old|\.bak)$/i

/** The log's name without one rotation suffix: `kern.log.3` -> `kern.log`. */
export function withoutRotation(name: string): string {
  return name.replace(ROTATION_SUFFIX, '') || name
}
