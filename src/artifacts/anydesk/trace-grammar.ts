// AnyDesk trace line grammar (ad.trace, ad_svc.trace, anydesk.trace). Whitespace-tolerant
// rather than by column offsets: Linux 7.x adds a thread-name column and Windows lines have an
// optional fiber column. Source: shared/reference/remote-access-artifacts.md §1.2, where this
// grammar is validated on every data line of the five corpus traces.

export const AD_LINE =
  /^\s*(?<level>info|warning|error|debug|fatal|trace|auth|explode)\s+(?<date>\d{4}-\d{2}-\d{2}) (?<time>\d{2}:\d{2}:\d{2}\.\d{3})\s+(?<proc>[A-Za-z_]\w*)\s+(?:(?<thread>[A-Za-z_][\w.-]*)\s+)?(?<pid>\d+)\s+(?<tid>\d+)\s+(?:(?<fiber>\d+)\s+)?(?<component>\S+) -(?: (?<message>.*))?$/

/** ` * * * * * *` lines open each process start-up banner. */
export const AD_SEPARATOR = /^\s*(\* ){3,}\*?\s*$/

export interface TraceLine {
  level: string
  date: string
  time: string
  proc: string
  thread?: string
  pid: string
  tid: string
  fiber?: string
  component: string
  message: string
}

export function parseTraceLine(s: string): TraceLine | null {
  const m = AD_LINE.exec(s)
  if (!m?.groups) return null
  const g = m.groups
  return {
    level: g.level!, date: g.date!, time: g.time!, proc: g.proc!, thread: g.thread, pid: g.pid!, tid: g.tid!,
    fiber: g.fiber, component: g.component!, message: (g.message ?? '').trimEnd(),
  }
}

/** Messages the parser extracts (reference §1.2 "Messages to extract"). */
export const MSG = {
  version: /^\* Version (\S+)/,
  processStarted: /^Process started at (\d{4}-\d{2}-\d{2})\. PID (\d+)\. OS is (.*)$/,
  installStatus: /^Install status: (.*)$/,
  distribution: /^Distribution Info: (.*)$/,
  localId: /^New user data\. Client-ID: (\d+)\./,
  externalAddress: /^External address: (\S+?):(\d+)\.?$/,
  acceptRequest: /^Accept(?: request from|ing from) (\d+)(?: \(via (\w+)\))?\.?$/,
  clientId: /^Client-ID: (\d+) \(FPR: ([0-9a-f]+)\)\.?$/,
  loggedIn: /^Logged in from (\S+):(\d+) on relay (\w+)\.?$/,
  directIncoming: /^\[(\S+):(\d+)\] Incoming connection\.?$/,
  incomingRequest: /^Incoming session request: (.*) \((\d+)\)$/,
  remoteOs: /^Remote OS: ([^,]+), Connection flags: (.*)$/,
  remoteVersion: /^Remote version: (.+)$/,
  features: /^(?:Session features: |Starting session \()(.*?)\)?\.?$/,
  authLocalUser: /Authenticated by local user( \(elevated\))?\.?$/,
  authPassword: /Authenticated (?:by|with) password/,
  authToken: /Authenticated with permanent token/,
  authPassphrase: /Authenticated with correct passphrase(?: of profile '([^']+)')?/,
  profileUsed: /^Profile was used: (.+)$/,
  tokenIssued: /^Issuing a permanent token\.?$/,
  sessionClosed: /^Session closed(?: (by remote side|locally))?:? ?(.*?)\.?$/,
  sessionStopped: /^Session stopped\.?$/,
  outgoing: /^(?:\d+: )?Connecting to "?(\d{6,})"?\s*$/,
  outgoingRequest: /^Received outgoing connection request for address (\d+)/,
  fiberSpawn: /^Spawning (?:child|root) fiber (\d+) '(anynet_connection|any_socket_accept|any_socket_connect)'/,
  fiberEnd: /^Fiber (\d+) '(anynet_connection|any_socket_accept|any_socket_connect)'.* terminated\.?$/,
  preparingFiles: /^Preparing files in '(.*)'\.?$/,
  preparationDone: /^Preparation of (\d+) files? completed(?: \((\w+)\))?/,
  transferState: /^(Download|Upload) (started|finished|failed|cancelled|canceled)\.?/,
  fileOffer: /^Got a file offer/,
  textOffer: /^Got a text offer \((\d+) b\)/,
  tunnel: /Requesting a TCP-Tunnel|accepting tcp-tunnel|tunnel\.config.*->/i,
  profileSelected: /^Selecting Profile: ([^,]+), hasPw: (\w)/,
} as const
