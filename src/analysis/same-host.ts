// One machine collected twice (a KAPE folder and a Velociraptor ZIP of the same laptop) is one
// host, not two linked cases: its own remote-tool IDs and host names are in both collections by
// nature. Cases are grouped as one host when two independent identity signals agree and none
// disagrees; values shared only inside such a group are a note, never a link (links.ts).
import type {ArtifactRecord, HostIdentityValue, SameHostNote, TimelineEvent} from '../lib/model.js'

/**
 * Identity types: what the machine calls itself (names) or the IDs it holds (a remote-tool
 * local ID, the Chrome Remote Desktop host registration). Remote IDs are never identity: a
 * local ID of one machine seen as the remote ID on another is a link between two hosts.
 */
const NAME_TYPES = new Set(['computer-name', 'anydesk-alias', 'crd-host-name'])

export function isNameType(type: string): boolean {
  return NAME_TYPES.has(type)
}

/** Every field identityValues reads (test/analysis checks it). */
export const IDENTITY_FIELDS: readonly string[] = ['tool', 'local_id', 'host_id', 'host_name', 'local_alias', 'computer']

/** The identity values an event carries about the machine it was collected from. */
export function identityValues(e: TimelineEvent): HostIdentityValue[] {
  const f = e.fields
  const s = (k: string) => (typeof f[k] === 'string' && (f[k] as string).trim() !== '' ? (f[k] as string).trim() : undefined)
  const out: HostIdentityValue[] = []
  const tool = s('tool')
  const local = s('local_id')
  if (tool && local) {
    const type = tool === 'anydesk' ? 'anydesk-id' : tool === 'teamviewer' ? 'teamviewer-id' : `${tool}-id`
    for (const id of local.split(',')) if (/^\d{6,}$/.test(id)) out.push({type, value: id})
  }
  if (tool === 'chrome_remote_desktop') {
    const hostId = s('host_id')
    if (hostId) out.push({type: 'crd-host-id', value: hostId.toLowerCase()})
    const name = s('host_name')
    if (name) out.push({type: 'crd-host-name', value: name.toLowerCase()})
  }
  const alias = s('local_alias')
  if (alias && tool === 'anydesk') out.push({type: 'anydesk-alias', value: alias.toLowerCase()})
  const computer = s('computer')
  if (computer) out.push({type: 'computer-name', value: computer.toLowerCase()})
  return out
}

/** Collects a case's identity values as events stream past (distinct, sorted at the end). */
export class HostIdentityCollector {
  private seen = new Map<string, HostIdentityValue>()

  observe(e: TimelineEvent): void {
    for (const v of identityValues(e)) {
      const key = `${v.type}\0${v.value}`
      if (!this.seen.has(key)) this.seen.set(key, v)
    }
  }

  result(): HostIdentityValue[] {
    return [...this.seen.values()].sort(byTypeValue)
  }
}

function byTypeValue(a: HostIdentityValue, b: HostIdentityValue): number {
  return a.type < b.type ? -1 : a.type > b.type ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0
}

/** SHA-256 digests of the artifacts that gave events: identical bytes of real content. */
export function contentHashes(artifacts: ArtifactRecord[]): string[] {
  const out = new Set<string>()
  for (const a of artifacts) if (isContent(a)) out.add(a.sha256)
  return [...out].sort()
}

function isContent(a: ArtifactRecord): boolean {
  return (a.status === 'parsed' || a.status === 'partial') && a.events > 0 && a.size > 0 && a.sha256 !== ''
}

export interface HostCase {
  id: string
  identity: HostIdentityValue[]
  /** contentHashes of the case's artifacts. */
  files: string[]
}

export interface HostGroup {
  /** Indexes into the cases given, ascending (two or more). */
  members: number[]
  /** Identity values found in two or more members. */
  identity: HostIdentityValue[]
  /** Digests found in two or more members. */
  files: Set<string>
}

/** A value in more collections than this identifies no single machine (a stock file, a common name). */
const MAX_COLLECTIONS_PER_HOST = 64

/** Why two collections are, or are not, one machine. */
export function compareHosts(a: HostCase, b: HostCase): {agree: string[]; conflict: string[]} {
  const byType = (c: HostCase) => {
    const m = new Map<string, Set<string>>()
    for (const v of c.identity) (m.get(v.type) ?? m.set(v.type, new Set()).get(v.type)!).add(v.value)
    return m
  }
  const ta = byType(a)
  const tb = byType(b)
  const agree = new Set<string>()
  const conflict: string[] = []
  for (const [type, va] of ta) {
    const vb = tb.get(type)
    if (!vb) continue
    const shared = [...va].some((v) => vb.has(v))
    // host names count once, whichever source named the machine
    if (shared) agree.add(isNameType(type) ? 'host name' : type)
    else conflict.push(type)
  }
  const fb = new Set(b.files)
  if (a.files.some((h) => fb.has(h))) agree.add('identical artifacts')
  return {agree: [...agree].sort(), conflict: conflict.sort()}
}

/**
 * Groups collections of one machine: a pair is one host when at least two independent signals
 * agree (a shared remote-tool local ID, CRD host ID, host name, byte-identical artifact) and no
 * identity of the same type differs (another AnyDesk ID, another computer name). Cheap for many
 * cases: only pairs that share some identity value or file are compared.
 */
export function findSameHosts(cases: HostCase[]): HostGroup[] {
  const index = new Map<string, number[]>()
  const add = (key: string, i: number) => {
    const list = index.get(key) ?? index.set(key, []).get(key)!
    if (list.at(-1) !== i) list.push(i)
  }
  for (const [i, c] of cases.entries()) {
    for (const v of c.identity) add(`v\0${v.type}\0${v.value}`, i)
    for (const h of c.files) add(`f\0${h}`, i)
  }
  const parent = cases.map((_, i) => i)
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)))
  const tried = new Set<string>()
  for (const key of [...index.keys()].sort()) {
    const list = index.get(key)!
    if (list.length < 2 || list.length > MAX_COLLECTIONS_PER_HOST) continue
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const [i, j] = [list[x]!, list[y]!]
        const pair = `${i},${j}`
        if (tried.has(pair)) continue
        tried.add(pair)
        const {agree, conflict} = compareHosts(cases[i]!, cases[j]!)
        if (agree.length >= 2 && conflict.length === 0) {
          const [ri, rj] = [root(i), root(j)]
          if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj)
        }
      }
    }
  }
  // a root is the smallest index of its group, so groups come in case order
  const groups = new Map<number, number[]>()
  for (let i = 0; i < cases.length; i++) (groups.get(root(i)) ?? groups.set(root(i), []).get(root(i))!).push(i)
  return [...groups.values()].filter((m) => m.length > 1).map((members) => {
    const count = (keys: (c: HostCase) => string[]) => {
      const n = new Map<string, number>()
      for (const i of members) for (const k of new Set(keys(cases[i]!))) n.set(k, (n.get(k) ?? 0) + 1)
      return [...n.entries()].filter(([, k]) => k >= 2).map(([k]) => k)
    }
    const identity = count((c) => c.identity.map((v) => `${v.type}\0${v.value}`)).map((k) => {
      const [type, value] = k.split('\0') as [string, string]
      return {type, value}
    }).sort(byTypeValue)
    return {members, identity, files: new Set(count((c) => c.files))}
  })
}

/** The note a case of a group carries in the report. */
export function sameHostNote(
  group: HostGroup, ids: string[], artifacts: ArtifactRecord[], notLinks: Array<{type: string; value: string}>,
): SameHostNote {
  const identical: SameHostNote['identicalArtifacts'] = []
  const seen = new Set<string>()
  for (const a of artifacts) {
    if (!isContent(a) || !group.files.has(a.sha256) || seen.has(a.path)) continue
    seen.add(a.path)
    identical.push({logicalPath: a.logicalPath, sha256: a.sha256})
  }
  return {cases: group.members.map((i) => ids[i]!), identity: group.identity, identicalArtifacts: identical, notLinks}
}
