// Chromium History enumerations (reference browser-history.md §2.3, §2.5, §2.6).

/** §2.5 core transition (`t & 0xFF`), from ui/base/page_transition_types.h. */
const CORE = [
  'link', 'typed', 'auto_bookmark', 'auto_subframe', 'manual_subframe', 'generated', 'auto_toplevel',
  'form_submit', 'reload', 'keyword', 'keyword_generated',
]

/** §2.5 qualifier bits; 0x00200000/0x00400000 are the removed FROM_API_3/FROM_API_2 experiments. */
const QUALIFIERS: Array<[number, string]> = [
  [0x00200000, 'from_api_3'],
  [0x00400000, 'from_api_2'],
  [0x00800000, 'blocked'],
  [0x01000000, 'forward_back'],
  [0x02000000, 'from_address_bar'],
  [0x04000000, 'home_page'],
  [0x08000000, 'from_api'],
  [0x10000000, 'chain_start'],
  [0x20000000, 'chain_end'],
  [0x40000000, 'client_redirect'],
  [0x80000000, 'server_redirect'],
]

export interface Transition {
  /** Unsigned 32-bit value (§0 rule 5: stored signed or unsigned). */
  value: number
  core: string
  qualifiers: string[]
}

export function decodeTransition(raw: bigint | number): Transition {
  // §0 rule 5: normalise signed (-1610612736) and unsigned (2684354563) storage to 32 bits
  const value = Number(BigInt.asUintN(32, BigInt(raw)))
  const coreNum = value & 0xff
  const core = CORE[coreNum] ?? `unknown_${coreNum}`
  const qualifiers: string[] = []
  let rest = value & 0xffffff00
  for (const [bit, name] of QUALIFIERS) {
    if ((value & bit) >>> 0 === bit) {
      qualifiers.push(name)
      rest = (rest & ~bit) >>> 0
    }
  }
  if (rest !== 0) qualifiers.push(`unknown_0x${rest.toString(16).padStart(8, '0')}`)
  return {value, core, qualifiers}
}

/** §2.3 visit_source.source (history_types.h; 6/7 as Hindsight maps them for Edge). */
export const VISIT_SOURCE: Record<number, string> = {
  0: 'synced',
  1: 'browsed',
  2: 'extension',
  3: 'imported_firefox',
  4: 'imported_ie',
  5: 'imported_safari',
  6: 'imported_chromium',
  7: 'imported_edgehtml',
}

/** §2.6 downloads.state. */
export const DOWNLOAD_STATE: Record<number, string> = {
  0: 'in_progress',
  1: 'complete',
  2: 'cancelled',
  3: 'interrupted',
  4: 'interrupted',
}

/** §2.6 downloads.danger_type. */
export const DANGER_TYPE: Record<number, string> = {
  0: 'not_dangerous', 1: 'dangerous_file', 2: 'dangerous_url', 3: 'dangerous_content',
  4: 'maybe_dangerous_content', 5: 'uncommon_content', 6: 'user_validated', 7: 'dangerous_host',
  8: 'potentially_unwanted', 9: 'allowlisted_by_policy', 10: 'async_scanning',
  11: 'blocked_password_protected', 12: 'blocked_too_large', 13: 'sensitive_content_warning',
  14: 'sensitive_content_block', 15: 'deep_scanned_safe', 16: 'deep_scanned_opened_dangerous',
  17: 'prompt_for_scanning', 18: 'blocked_unsupported_filetype', 19: 'dangerous_account_compromise',
  20: 'deep_scanned_failed', 21: 'prompt_for_local_password_scanning', 22: 'async_local_password_scanning',
  23: 'blocked_scan_failed',
}

/** §2.6 downloads.interrupt_reason (download_interrupt_reason_values.h). */
export const INTERRUPT_REASON: Record<number, string> = {
  1: 'file_failed', 2: 'file_access_denied', 3: 'file_no_space', 5: 'file_name_too_long', 6: 'file_too_large',
  7: 'file_virus_infected', 10: 'file_transient_error', 11: 'file_blocked', 12: 'file_security_check_failed',
  13: 'file_too_short', 14: 'file_hash_mismatch', 15: 'file_same_as_source', 20: 'network_failed',
  21: 'network_timeout', 22: 'network_disconnected', 23: 'network_server_down', 24: 'network_invalid_request',
  30: 'server_failed', 31: 'server_no_range', 32: 'server_precondition', 33: 'server_bad_content',
  34: 'server_unauthorized', 35: 'server_cert_problem', 36: 'server_forbidden', 37: 'server_unreachable',
  38: 'server_content_length_mismatch', 39: 'server_cross_origin_redirect', 40: 'user_canceled',
  41: 'user_shutdown', 50: 'crash',
}

/** Name for an enum value; unknown values keep their number (§2.6 "print the number"). */
export function enumName(table: Record<number, string>, v: number | undefined): string | undefined {
  if (v === undefined) return undefined
  return table[v] ?? `unknown_${v}`
}
