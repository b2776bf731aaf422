// Documented exit codes (README "Exit codes", `scan --help`). Scripts rely on these.
export const EXIT = {
  /** The scan ran; no `--fail-on` threshold was reached. */
  OK: 0,
  /** The scan ran and a case reached the `--fail-on` level. */
  THRESHOLD: 1,
  /** Bad flags or arguments (oclif's own parse errors use 2 as well). */
  USAGE: 2,
  /** Nothing readable: no evidence path could be opened, or no artifact could be parsed. */
  NOTHING_READABLE: 3,
  /** An unexpected internal error (rerun with --debug for the stack trace). */
  INTERNAL: 4,
  /** Some cases failed, or had nothing that could be read (level not-evaluated), while others were scanned; takes precedence over 1. */
  CASE_FAILED: 5,
} as const

export const EXIT_CODES_HELP = `EXIT CODES
  0  scan completed; no case reached the --fail-on level
  1  scan completed; a case reached the --fail-on level
  2  usage error (unknown flag, bad value, missing evidence argument)
  3  nothing readable: no evidence path could be opened, or no artifact was parsed
  4  internal error (rerun with --debug for details)
  5  some cases failed or were not evaluated (nothing read), the others were scanned and reported; takes precedence over 1`
