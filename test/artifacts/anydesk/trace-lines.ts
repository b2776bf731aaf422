// Trace lines for the routine-line tests: the Windows and Linux layouts, and seeded mutations
// that put the bytes the triage must notice (NUL runs, CR, U+2028, non-ASCII, keys, dashes,
// tabs) at every kind of place in them.
import {mulberry32} from '../../support/fuzz.js'

/** Windows layout (fixed columns, fiber column). */
export const W = (msg: string, o: {level?: string; pid?: number; fiber?: number | ''; comp?: string; t?: string} = {}) =>
  `${(o.level ?? 'info').padStart(7)} 2024-01-08 ${o.t ?? '06:00:00.000'}${'gsvc'.padStart(11)}${String(o.pid ?? 4628).padStart(7)}${'3528'.padStart(7)}${String(o.fiber ?? 3).padStart(5)}${(o.comp ?? 'anynet.any_socket').padStart(33)} - ${msg}`
/** Linux layout (thread column). */
export const X = (msg: string, comp = 'app.backend_session', t = '06:00:00.000') =>
  `   info 2025-09-22 ${t}    backend   wrk0   6086   6096   ${comp.padStart(30)} - ${msg}`

const MESSAGES = [
  'Relay connector started.', 'Spawning child fiber 31 (parent 3).', 'Fiber 31 terminated.', 'Could not send token - packet-type(47)',
  'Connection switch completed.', '', 'Sending 0 queued blobs.', "Spawning child fiber 22 'anynet_connection' (parent: 1).",
  'Logged in from 203.0.113.77:50104 on relay 0b975d23.', 'Accept request from 918273645 (via relay).', 'Requesting a TCP-Tunnel 3389',
  '3: Authenticated by password.', 'Session closed by remote side: desk_rt_ipc_error.', '[1.2.3.4:7070] Incoming connection.',
]
// what a mutation puts in: bytes and strings the byte checks and the grammar both look at
const INSERTS = [
  '\0', '\0\0\0\0', '\r', '\t', ' ', '  ', '-', ' - ', ' -', '- ', '7', 'T', 'tUnNeL', 'Tunnel', "'any", "'an", 'Authenticated ', 'Authenticate',
  '\xe2\x80\xa8', '\xe2\x80\xa9', '\xe2\x80', '\xe2', '\xff', '\xc3\xa9', '\x85', '\xa0', '\v', '\f', '[', 'Accept', '* Version ', 'Connecting to ',
  'Session closed', 'a', '_', '.', ':', 'info ', 'warning', '2024-01-08 ', '06:00:00.000', '4628 ', 'wrk0 ', 'main',
]

/** `count` seeded lines as latin1 strings (one char a byte, no LF): base lines and mutations of them. */
export function mutatedLines(seed: number, count: number): string[] {
  const rnd = mulberry32(seed)
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!
  const out: string[] = []
  while (out.length < count) {
    const msg = pick(MESSAGES)
    let line = rnd() < 0.5 ? W(msg, {fiber: rnd() < 0.3 ? '' : 3, comp: pick(['main', 'anynet.any_socket', 'app.session', 'a-b', '-'])}) : X(msg)
    const edits = Math.floor(rnd() * 3)
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rnd() * (line.length + 1))
      const r = rnd()
      if (r < 0.6) line = line.slice(0, at) + pick(INSERTS) + line.slice(at)
      else if (r < 0.8) line = line.slice(0, at) + line.slice(at + 1)
      else line = line.slice(0, at) + String.fromCharCode(Math.floor(rnd() * 256)) + line.slice(at + 1)
    }
    out.push(line.replace(/\n/g, ' '))
  }
  return out
}
