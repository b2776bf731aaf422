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

/**
 * What a message must hold for the assembler to act on it, derived from MSG so the two cannot
 * drift apart: `starts` are literals an anchored pattern begins with (`digit`: a pattern may begin
 * with a digit, "3: Authenticated…"), `contains` are literals an unanchored pattern holds anywhere
 * (`ci` for /i patterns). A line whose message has none of these is routine: no MSG pattern can
 * match it. (The start-up banner lines read while a process start is pending are the exception;
 * the assembler asks for every line then.)
 */
export interface MessageKeys {
  starts: string[]
  digit: boolean
  contains: Array<{text: string; ci: boolean}>
}

/**
 * Patterns whose leading literal is in most routine lines ("Spawning child fiber 812 (parent 3)."):
 * the literal the whole pattern needs instead, here the quote of the fiber role names.
 */
const RARER_LITERAL: Partial<Record<keyof typeof MSG, string>> = {fiberSpawn: "'any", fiberEnd: "'any"}

export function messageKeys(patterns: Record<string, RegExp> = MSG): MessageKeys {
  const keys: MessageKeys = {starts: [], digit: false, contains: []}
  const add = (list: string[], s: string) => {
    if (s === '') throw new Error('a message pattern without a leading literal cannot be keyed')
    if (!list.includes(s)) list.push(s)
  }
  for (const [name, re] of Object.entries(patterns)) {
    const rarer = RARER_LITERAL[name as keyof typeof MSG]
    if (rarer !== undefined) {
      if (!re.source.includes(rarer.slice(1)) || !re.source.includes(rarer[0]!)) throw new Error(`${name}: ${rarer} is not in ${re.source}`)
      addContains(keys, rarer, re.flags.includes('i'))
      continue
    }
    const anchored = re.source.startsWith('^')
    for (const lead of leadingLiterals(anchored ? re.source.slice(1) : re.source)) {
      if (lead === DIGIT) {
        if (!anchored) throw new Error(`${name}: unanchored pattern starting with a digit`)
        keys.digit = true
      } else if (anchored) add(keys.starts, lead)
      else {
        // non-UTF-8 bytes are shown as \xNN: lowercase hex digits right before a literal could
        // complete its first letters in the decoded text, so the literal starts after them
        const ci = re.flags.includes('i')
        const text = lead.replace(ci ? /^[0-9a-f]+/i : /^[0-9a-f]+/, '')
        if (text === '') throw new Error(`${name}: literal made of hex digits only`)
        addContains(keys, text, ci)
      }
    }
  }
  return reduce(keys)
}

function addContains(keys: MessageKeys, text: string, ci: boolean): void {
  if (!keys.contains.some((c) => c.text === text && c.ci === ci)) keys.contains.push({text, ci})
}

/**
 * Fewer, shorter keys that still cover every message the longer ones do: a start that another
 * start begins, a literal that contains another literal; /i literals that share a substring of
 * at least 5 characters are looked for by it ("tunnel" for the three tunnel messages).
 */
function reduce(keys: MessageKeys): MessageKeys {
  const starts = keys.starts.filter((s) => !keys.starts.some((t) => t !== s && s.startsWith(t)))
  let contains = keys.contains
  const ci = contains.filter((c) => c.ci)
  if (ci.length > 1) {
    const common = commonSubstring(ci.map((c) => c.text.toLowerCase()))
    if (common.length >= 5) contains = [...contains.filter((c) => !c.ci), {text: common, ci: true}]
  }
  contains = contains.filter((c) => !contains.some((d) => d !== c && (d.ci || !c.ci) && (d.ci ? c.text.toLowerCase().includes(d.text.toLowerCase()) : c.text.includes(d.text))))
  return {starts, digit: keys.digit, contains}
}

/** The longest string all of `texts` contain (short texts: the plain cubic search is enough). */
function commonSubstring(texts: string[]): string {
  const [first, ...rest] = texts
  let best = ''
  for (let i = 0; i < first!.length; i++) {
    for (let j = first!.length; j > i + best.length; j--) {
      const sub = first!.slice(i, j)
      if (rest.every((t) => t.includes(sub))) {
        best = sub
        break
      }
    }
  }
  return best
}

const DIGIT = '\\d'

/**
 * The literals a pattern source can begin with: its leading literal run, or, when it begins with
 * a group or top-level alternatives, the leading run of each alternative (plus what follows an
 * optional group). Covers the constructs MSG uses; anything else throws, so a new pattern form
 * is noticed in the tests rather than silently unkeyed.
 */
function leadingLiterals(src: string): string[] {
  const alts = splitTop(src)
  if (alts.length > 1) return alts.flatMap((a) => leadingLiterals(a))
  if (src.startsWith('(')) {
    const close = matchingParen(src, 0)
    const inner = src.slice(src.startsWith('(?:') ? 3 : 1, close)
    const out = leadingLiterals(inner)
    if (src[close + 1] === '?' || src[close + 1] === '*') out.push(...leadingLiterals(src.slice(close + 2)))
    return out
  }
  if (src.startsWith('\\d')) return [DIGIT]
  return [literalRun(src)]
}

function literalRun(src: string): string {
  let out = ''
  for (let i = 0; i < src.length; ) {
    let ch: string
    let len: number
    if (src[i] === '\\') {
      const e = src[i + 1]!
      if (!/[.*+?()[\]{}|^$\\/'" -]/.test(e)) break // \d, \s, \S, \w…: not a literal
      ch = e
      len = 2
    } else {
      if ('()[]{}|.^$*+?'.includes(src[i]!)) break
      ch = src[i]!
      len = 1
    }
    const q = src[i + len]
    if (q === '?' || q === '*' || q === '{') break // this character may be absent
    out += ch
    i += len
    if (q === '+') break
  }
  return out
}

function splitTop(src: string): string[] {
  const parts: string[] = []
  let depth = 0
  let from = 0
  for (let i = 0; i < src.length; i++) {
    const c = src[i]
    if (c === '\\') i++
    else if (c === '[') i = src.indexOf(']', i + 1)
    else if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === '|' && depth === 0) {
      parts.push(src.slice(from, i))
      from = i + 1
    }
  }
  parts.push(src.slice(from))
  return parts
}

function matchingParen(src: string, open: number): number {
  let depth = 0
  for (let i = open; i < src.length; i++) {
    const c = src[i]
    if (c === '\\') i++
    else if (c === '[') i = src.indexOf(']', i + 1)
    else if (c === '(') depth++
    else if (c === ')' && --depth === 0) return i
  }
  throw new Error(`unbalanced group in ${src}`)
}
