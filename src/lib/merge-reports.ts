// The reduce step of a distributed scan: per-case JSON reports made on any number of machines
// become the report a joint `scan` of the same cases writes (same links, findings, levels and
// bytes, apart from the generated-at line and the command). Two passes over the files, so
// memory holds one case at a time plus what links need:
//   1. every case's id, the (type, value) keys it could link on, its host identity and artifact
//      hashes -> collections of one machine, cross-case links;
//   2. every case again, in order: PER-02 from the links, its events streamed from the file with
//      PER-02 tagged, then its assessment; the links get their event ids as cases go by.
import {closeSync, openSync, readSync, writeSync} from 'node:fs'
import {join} from 'node:path'
import {isDeepStrictEqual} from 'node:util'
import type {Writable} from 'node:stream'

import {makeTempDir, removeTemp} from '../core/temp-registry.js'
import type {IndicatorPack} from '../indicators/types.js'
import {linkEventLines, writeJsonCase, writeJsonHead, writeJsonTail} from '../report/json.js'
import {writeJsonl} from '../report/jsonl.js'
import {readCaseAt, ReportFileError, toCaseReport, walkReport, type ReportTop} from '../report/saved-report.js'
import {outputIso} from './time.js'
import {contentHashes} from '../analysis/same-host.js'
import {addLinkFinding, addSameHostNote, assessWithLinks, crossCase, linkIndicatorId} from './cross-case.js'
import type {ArtifactRecord, CaseReport, HostIdentityValue, Level, Link, LinkValue, ReportMethod} from './model.js'
import {TOOL_VERSION} from './version.js'

export interface MergeOptions {
  /** Saved JSON reports, each with one case or more. */
  files: string[]
  /** `given`: cases in file order; `case-id`: files ordered by their first case id (the order of `scan --batch`). */
  order?: 'given' | 'case-id'
  /** The pack the cases were scanned with (default pack plus the same --rules). */
  pack: IndicatorPack
  format: 'json' | 'jsonl'
  out: Writable
  generatedAt?: string
  command?: string
}

export interface MergeSummary {
  cases: Array<{id: string; level: Level; score: number; failed: boolean}>
  links: number
  files: number
}

/**
 * Links' event ids, written to a private temp file as cases go by (one piece per case and link)
 * rather than kept: a value shared by thousands of cases has millions of supporting events.
 */
class LinkEvents {
  private dir = makeTempDir('dprk-triage-merge-')
  private fd = openSync(join(this.dir, 'link-events'), 'w+', 0o600)
  private pos = 0
  private pieces: Array<Array<[number, number]>>

  constructor(links: number) {
    this.pieces = Array.from({length: links}, () => [])
  }

  add(link: number, ids: string[]): void {
    if (ids.length === 0) return
    const b = Buffer.from(linkEventLines(ids), 'utf8')
    writeSync(this.fd, b, 0, b.length, this.pos)
    this.pieces[link]!.push([this.pos, b.length])
    this.pos += b.length
  }

  async *lines(link: number): AsyncGenerator<string> {
    for (const [at, len] of this.pieces[link]!) {
      const b = Buffer.allocUnsafe(len)
      readSync(this.fd, b, 0, len, at)
      yield b.toString('utf8')
    }
  }

  close(): void {
    closeSync(this.fd)
    removeTemp(this.dir)
  }
}

interface CaseRef {
  id: string
  file: string
  start: number
}

/** Scan settings that must agree between the reports (else the merge is not one scan's result). */
function mergeMethods(tops: Array<{file: string; top: ReportTop}>, pack: IndicatorPack): ReportMethod | undefined {
  const withMethod = tops.filter((t) => t.top.method)
  if (withMethod.length === 0) return undefined
  const first = withMethod[0]!
  const m = first.top.method!
  for (const t of withMethod) {
    const o = t.top.method!
    if (!isDeepStrictEqual(o.indicatorPack, m.indicatorPack)) {
      throw new ReportFileError(`${t.file} was scanned with other indicator inputs than ${first.file} (${o.indicatorPack.loaded.join(', ')} vs ${m.indicatorPack.loaded.join(', ')}); merge only reports scanned alike`)
    }
    if (o.claimedTz !== m.claimedTz) {
      throw new ReportFileError(`${t.file} was scanned with --claimed-tz ${o.claimedTz ?? '(none)'}, ${first.file} with ${m.claimedTz ?? '(none)'}; merge only reports scanned alike`)
    }
    if (!isDeepStrictEqual(o.parsers, m.parsers)) throw new ReportFileError(`${t.file} lists other parsers than ${first.file}`)
    if (!isDeepStrictEqual(o.timeRange, m.timeRange)) throw new ReportFileError(`${t.file} was scanned with another --from/--to window than ${first.file}; merge only reports scanned alike`)
  }
  if (m.indicatorPack.id !== pack.id || m.indicatorPack.version !== pack.version) {
    throw new ReportFileError(`the reports were scanned with indicator pack ${m.indicatorPack.id} ${m.indicatorPack.version}, this merge loads ${pack.id} ${pack.version}`)
  }
  const rules = m.indicatorPack.loaded.filter((l) => !l.startsWith('IOC list '))
  const mine = pack.loaded.filter((l) => !l.startsWith('IOC list '))
  if (!isDeepStrictEqual(rules, mine)) {
    throw new ReportFileError(`the reports were scanned with the rules ${rules.join(', ')}; give merge the same --rules (now: ${mine.join(', ')})`)
  }
  const union = <T>(lists: Array<T[] | undefined>) => [...new Set(lists.flatMap((l) => l ?? []))]
  const allow = union(withMethod.map((t) => t.top.method!.allowlist))
  const hostTz: Record<string, string> = {}
  for (const t of withMethod) Object.assign(hostTz, t.top.method!.hostTz ?? {})
  const claimedTzByCase: Record<string, string> = {}
  for (const t of withMethod) Object.assign(claimedTzByCase, t.top.method!.claimedTzByCase ?? {})
  const hostTzKinds = union(withMethod.map((t) => t.top.method!.hostTzKinds)).sort()
  // key order as scan writes it (run-scan.ts), so a merge is byte-identical to the joint scan
  return {
    indicatorPack: m.indicatorPack,
    ...(allow.length ? {allowlist: allow} : {}),
    ...(m.claimedTz ? {claimedTz: m.claimedTz} : {}),
    ...(Object.keys(claimedTzByCase).length ? {claimedTzByCase} : {}),
    ...(Object.keys(hostTz).length ? {hostTz} : {}),
    ...(hostTzKinds.length ? {hostTzKinds} : {}),
    parsers: m.parsers,
    ...(m.excludedKinds ? {excludedKinds: m.excludedKinds} : {}),
    ...(m.timeRange ? {timeRange: m.timeRange} : {}),
    ...(m.examiner ? {examiner: m.examiner} : {}),
    ...(m.caseNumber ? {caseNumber: m.caseNumber} : {}),
    ...(m.organisation ? {organisation: m.organisation} : {}),
  }
}

export async function mergeReports(opts: MergeOptions): Promise<MergeSummary> {
  // pass 1: ids and link keys only (ids of link events come in pass 2)
  const units: Array<{file: string; top: ReportTop; cases: CaseRef[]; keys: LinkValue[][]; hosts: Array<{identity: HostIdentityValue[]; files: string[]}>}> = []
  const keyPool = new Map<string, string>()
  const pooled = (s: string) => {
    let v = keyPool.get(s)
    if (v === undefined) keyPool.set(s, (v = s))
    return v
  }
  for (const file of opts.files) {
    const cases: CaseRef[] = []
    const keys: LinkValue[][] = []
    const hosts: Array<{identity: HostIdentityValue[]; files: string[]}> = []
    const {top} = walkReport(file, {
      caseKeys: new Set(['id', 'linkValues', 'hostIdentity', 'artifacts']),
      onCase: (c) => {
        cases.push({id: c.props.id as string, file, start: c.start})
        const values = (c.props.linkValues as LinkValue[] | undefined) ?? []
        keys.push(values.map((v) => ({type: pooled(v.type), value: pooled(v.value), ids: [], first: null, last: null})))
        const identity = (c.props.hostIdentity as HostIdentityValue[] | undefined) ?? []
        const artifacts = Array.isArray(c.props.artifacts) ? (c.props.artifacts as ArtifactRecord[]) : []
        hosts.push({identity: identity.map((v) => ({type: pooled(v.type), value: pooled(v.value)})), files: contentHashes(artifacts).map(pooled)})
      },
    })
    units.push({file, top, cases, keys, hosts})
  }
  if (opts.order === 'case-id') {
    const id = (u: (typeof units)[number]) => Buffer.from(u.cases[0]?.id ?? '')
    units.sort((a, b) => Buffer.compare(id(a), id(b)) || Buffer.compare(Buffer.from(a.file), Buffer.from(b.file)))
  }
  const refs = units.flatMap((u) => u.cases)
  const seen = new Map<string, string>()
  for (const r of refs) {
    const before = seen.get(r.id)
    if (before !== undefined) {
      throw new ReportFileError(`case id "${r.id}" is in both ${before} and ${r.file}; ids must be unique (name cases with scan --case-name)`)
    }
    seen.set(r.id, r.file)
  }
  const method = mergeMethods(units, opts.pack)
  const cross = crossCase(units.flatMap((u) => u.cases.map((c, i) => ({id: c.id, values: u.keys[i]!, ...u.hosts[i]!}))))
  const links = cross.links
  units.length = 0
  keyPool.clear()
  const linksOf = new Map<string, Array<{link: Link; index: number}>>()
  for (const [index, link] of links.entries()) for (const id of link.cases) (linksOf.get(id) ?? linksOf.set(id, []).get(id)!).push({link, index})

  // pass 2: case by case, in order
  const per02 = linkIndicatorId(opts.pack)
  const top: ReportTop = {schema: 'dprk-triage/report@1', generator: {name: 'dprk-triage', version: TOOL_VERSION}}
  if (opts.generatedAt) top.generatedAt = outputIso(opts.generatedAt)
  if (opts.command) top.command = opts.command
  if (method) top.method = method
  if (opts.format === 'json') await writeJsonHead(top, opts.out, refs.length > 0)
  const summary: MergeSummary = {cases: [], links: links.length, files: opts.files.length}
  const linkEvents = new LinkEvents(links.length)
  try {
    for (const [i, ref] of refs.entries()) {
      const c: CaseReport = toCaseReport(readCaseAt(ref.file, ref.start))
      const stored = c.internal!.stored!
      if (per02) {
        // a report of several cases already carries PER-02 from its own links: computed again here
        c.findings = c.findings.filter((f) => f.indicator !== per02)
        stored.drop = per02
      }
      addSameHostNote(c, cross)
      const extra: Record<string, string[]> = {}
      const mine = linksOf.get(c.id) ?? []
      addLinkFinding(c, mine.map((m) => m.link), opts.pack, (id, indicator) => void (extra[id] ??= []).push(indicator))
      stored.extra = extra
      const own = new Map((c.internal!.linkValues ?? []).map((v) => [`${v.type}\0${v.value}`, v.ids]))
      for (const {link, index} of mine) linkEvents.add(index, own.get(`${link.type}\0${link.value}`) ?? [])
      stored.onEnd = (types) => {
        c.internal!.eventTypes = types
        assessWithLinks(c, {pack: opts.pack, claimedTz: method?.claimedTzByCase?.[c.id] ?? method?.claimedTz, caseCount: cross.hostCount, lookedFor: (method?.parsers ?? []).map((p) => `${p.title} (${p.kind})`)})
      }
      if (opts.format === 'json') await writeJsonCase(c, opts.out, i === refs.length - 1)
      else await writeJsonl({...top, cases: [c], links: []}, opts.out)
      summary.cases.push({id: c.id, level: c.assessment.level, score: c.assessment.score, failed: c.failed === true})
    }
    if (opts.format === 'json') await writeJsonTail(links, opts.out, refs.length > 0, (i) => linkEvents.lines(i))
  } finally {
    linkEvents.close()
  }
  return summary
}
