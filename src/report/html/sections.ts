// The sections of the HTML report. Evidence goes through `ev()` (capped, defanged, escaped,
// invisible characters shown); everything else through the escaping `html` tag. No evidence is
// ever placed in an href, src, style or event-handler attribute: links are in-page anchors built
// from case and event positions only.
import type {ActivityProfile, ArtifactRecord, Finding, Link, Report, TimelineEvent} from '../../lib/model.js'
import {capForDisplay, fmtInt} from '../escape.js'
import {type CaseDigest, type KindRow, type ReportDigest, TIME_BASIS_MEANING, byCode, locateEvent} from './digest.js'
import {humanDuration, humanTime} from '../human.js'
import {caseTimelineSvg, sessionGanttSvg} from './charts.js'
import {CATEGORY_NAMES, type CaseFacts, type FactTable, type Role, type Sentence, type ValueCount, caseFacts, humanValue, toolName} from './facts.js'
import {heatmapSvg} from './heatmap.js'
import {collectedTimes, identityLabel, sameHostNotes} from '../same-host.js'
import {displayTime, isDateOnly} from '../time-display.js'
import {Html, html, ev, toolText} from './tag.js'

/** How many supporting-event anchors a finding lists before "+N more". */
const MAX_EVENT_LINKS = 60

function sevBadge(s: string): Html {
  return html`<span class="sev s-${s}">${s}</span>`
}

/** On paper a finding lists this many values and supporting events (the rest: screen view and exports). */
const PRINT_VALUES = 3
const PRINT_EVENTS = 6

/** Event anchors; those past `printMax` are screen-only (class `scr`) and a print-only line counts them. */
function eventRefs(cd: CaseDigest, ids: readonly string[], max = MAX_EVENT_LINKS, printMax = max): Html {
  const shown = ids.slice(0, max).map((id, i) => {
    const a = cd.anchor.get(id)
    const label = cd.label.get(id)
    const cls = i >= printMax ? 'mono scr' : 'mono'
    if (a) return html`<a href="#${a}" class="${cls}">${ev(label ?? id, 120)}</a>`
    return html`<span class="mut ${cls}">${ev(label ?? id, 120)}</span>`
  })
  const more = ids.length > max ? html`<span class="mut${printMax < max ? ' scr' : ''}">+${fmtInt(ids.length - max)} more (all are in the timeline)</span>` : ''
  const printMore = ids.length > printMax && printMax < max ? html`<span class="mut pr">+${fmtInt(ids.length - printMax)} more (all are in the timeline)</span>` : ''
  return html`<span class="evs">${shown}${more}${printMore}</span>`
}

/** Case metadata from the command line (`--examiner`, `--case-number`, `--organisation`). */
function metaOf(report: Report): Array<[string, string]> {
  const m = report.method as (Report['method'] & Record<string, unknown>) | undefined
  const r = report as unknown as Record<string, unknown>
  const pick = (k: string) => (typeof m?.[k] === 'string' ? (m[k] as string) : typeof r[k] === 'string' ? (r[k] as string) : undefined)
  const out: Array<[string, string]> = []
  for (const [k, label] of [['caseNumber', 'Case number'], ['organisation', 'Organisation'], ['examiner', 'Examiner']] as const) {
    const v = pick(k)
    if (v) out.push([label, v])
  }
  return out
}
export {metaOf}

export function header(report: Report, d: ReportDigest): Html {
  const gen = report.generatedAt ? html`<p class="mut" id="generated-at">Generated at ${ev(report.generatedAt, 64)}</p>\n` : ''
  const rows = d.cases.map((cd) => {
    const a = cd.c.assessment
    return html`<tr><td><a href="#case-${cd.n}">${ev(cd.c.id, 200)}</a></td><td><span class="lvl s-${a.level}">${a.level === 'not-evaluated' ? 'not evaluated' : a.level}</span></td><td>${a.level === 'not-evaluated' ? '–' : a.score}</td><td>${fmtInt(cd.c.findings.length)}</td><td>${fmtInt(cd.total)}</td><td>${fmtInt(cd.c.artifacts.length)}</td></tr>`
  })
  const toc = d.cases.map((cd) => html`<li><a href="#case-${cd.n}">Case ${cd.n}: ${ev(cd.c.id, 120)}</a></li>`)
  const meta = metaOf(report)
  const metaDl = meta.length ? html`<dl class="meta">${meta.map(([k, v]) => html`<div><dt>${k}</dt><dd>${ev(v, 300)}</dd></div>`)}</dl>` : ''
  return html`<header><h1>Triage report: signs of the North Korean remote IT-worker scheme</h1>
${metaDl}<p class="mut">dprk-triage ${ev(report.generator.version, 64)} · ${fmtInt(report.cases.length)} case${report.cases.length === 1 ? '' : 's'} · all times UTC</p>
${gen}</header>
<section id="summary"><h2>Verdicts</h2><div class="tw"><table class="sum"><thead><tr><th>case</th><th>level</th><th>score (0-100)</th><th>findings</th><th>events</th><th>artifacts</th></tr></thead><tbody>${rows}</tbody></table></div></section>
<nav><h2 id="contents">Contents</h2><ul>${toc}<li><a href="#links">Cross-case links</a></li><li><a href="#method">Method and limitations</a></li></ul></nav>`
}

/** A generated sentence: tool wording escaped, evidence parts capped, defanged and escaped. */
export const sentence = (s: Sentence): Html => html`${s.map((p) => (typeof p === 'string' ? p : ev(p.ev, 300)))}`

function verdict(cd: CaseDigest, f: CaseFacts): Html {
  const a = cd.c.assessment
  const facts = f.facts.length ? html`<ul class="facts">${f.facts.map((s) => html`<li>${sentence(s)}</li>`)}</ul>` : ''
  const notEv = f.notEvaluated.length
    ? html`<p><b>Could not be evaluated</b> from this evidence: ${f.notEvaluated.map((s, i) => html`${i ? '; ' : ''}${sentence(s)}`)}.</p>`
    : html`<p>Every indicator area could be evaluated from the evidence read (see <a href="#method">Method and limitations</a> for the artifact kinds that were not present).</p>`
  const reasons = a.reasons.length ? html`<details class="how"><summary>How the level was computed</summary><ul>${a.reasons.map((r) => html`<li>${ev(r, 1000)}</li>`)}</ul></details>` : html`<p class="mut">No reasons recorded.</p>`
  return html`<div class="verdict l-${a.level}" id="verdict-${cd.n}"><h3 id="exec-${cd.n}">Executive summary</h3>
<p class="big"><span class="lvl s-${a.level}">${a.level}</span> ${sentence(f.verdict)}</p>${f.decidedBy.length ? html`<p>${sentence(f.decidedBy)}</p>` : ''}
${facts}${notEv}<p class="caveat"><b>${f.caveat.split(':')[0]}:</b>${f.caveat.slice(f.caveat.indexOf(':') + 1)}</p>
${reasons}</div>`
}

/** What the finding does to the level, as a badge in the colour of that effect. */
function roleBadge(r: Role | undefined, caseLevel: string): Html {
  if (!r) return html``
  if (r.kind === 'completes') {
    const decides = r.level === caseLevel
    return html`<span class="role s-${r.level}">${decides ? `sets ${r.level}` : `completes ${r.level}`}</span>`
  }
  if (r.kind === 'counts') return html`<span class="role r-pts">adds points</span>`
  return html`<span class="role r-ctx">context only</span>`
}

function roleText(r: Role | undefined, caseLevel: string): Html {
  if (!r) return html``
  if (r.kind === 'completes') {
    return html`${r.combos.map((c, i) => html`${i ? ' ' : ''}Completes the combination “${ev(c.title, 300)}”, which ${c.level === caseLevel ? 'sets the case level to' : 'would set the level to at least'} ${c.level}.`)}`
  }
  if (r.kind === 'counts') return html`Adds to the ${CATEGORY_NAMES[r.category]} points${r.points !== undefined ? html` (the area gives ${r.points} points in total)` : ''}; on its own it does not decide the level.`
  return html`Context only: it never creates or raises a level.`
}

const SAFE_LINK = /^https?:\/\/[^\s"'<>`\\]+$/i

/** Public sources are pack text (trusted): real links; anything else stays inert text. */
function sourceItem(s: NonNullable<Finding['sources']>[number]): Html {
  const grade = s.grade ? html` <span class="mut">(grade ${ev(s.grade, 20)})</span>` : ''
  if (SAFE_LINK.test(s.url) && s.url.length <= 600) {
    return html`<li>${ev(s.publisher, 200)}: <a href="${s.url}" rel="noreferrer">${ev(s.title, 400)}</a>${grade} <span class="mono brk small mut">${s.url}</span></li>`
  }
  return html`<li>${ev(s.publisher, 200)}: ${ev(s.title, 400)}${grade} <span class="mono brk">${ev(s.url, 600)}</span></li>`
}

function valueList(cd: CaseDigest, vals: readonly ValueCount[]): Html {
  if (!vals.length) return html``
  const shown = vals.slice(0, 12)
  return html`<h4>Matched values</h4><ul class="vals">${shown.map((v, i) => {
    const human = humanValue(v.field, v.value)
    return html`<li${i >= PRINT_VALUES ? html` class="scr"` : ''}><code>${ev(v.field, 80)}</code> = <span class="mono brk">${ev(human, 600)}</span>${human !== v.value ? html` <span class="mut small">(${ev(v.value, 80)})</span>` : ''} <span class="mut">· ${fmtInt(v.count)} event${v.count === 1 ? '' : 's'}, e.g.</span> ${eventRefs(cd, [v.event])}</li>`
  })}${vals.length > shown.length ? html`<li class="mut scr">+${fmtInt(vals.length - shown.length)} more distinct values</li>` : ''}${vals.length > PRINT_VALUES ? html`<li class="mut pr">+${fmtInt(vals.length - PRINT_VALUES)} more distinct values (on screen and in the exports)</li>` : ''}</ul>`
}

function findingBlock(cd: CaseDigest, facts: CaseFacts, f: Finding, i: number): Html {
  const day = cd.dateOnlyEnds.get(f.indicator)
  const range = f.first || f.last ? html`<span>${humanTime(f.first, day?.first ? 'day' : undefined)} to ${humanTime(f.last, day?.last ? 'day' : undefined)}</span>` : html`<span class="mut">no timed events</span>`
  const role = facts.roles.get(f.indicator)
  const level = cd.c.assessment.level
  const sources = f.sources?.length ? html`<h4>Public sources</h4><ul>${f.sources.map(sourceItem)}</ul>` : ''
  return html`<div class="finding" id="finding-${cd.n}-${i + 1}"><h4>${roleBadge(role, level)} ${ev(f.indicator, 40)}: ${ev(f.title, 400)}</h4>
<p class="small">${roleText(role, level)}</p>
<p class="small mut">${CATEGORY_NAMES[f.category] ?? f.category} · indicator severity ${f.severity}${f.weight !== undefined ? html`, weight ${f.weight}` : ''}${f.modifierOnly ? ' · modifier only (never raises a level alone)' : ''} · ${fmtInt(f.events.length)} event${f.events.length === 1 ? '' : 's'} · ${range}</p>
${f.description ? html`<p>${ev(f.description, 2000)}</p>` : ''}${f.falsePositives ? html`<p class="small"><b>False positives:</b> ${ev(f.falsePositives, 2000)}</p>` : ''}
${valueList(cd, facts.values.get(f.indicator) ?? [])}${sources}<p class="small">Supporting events: ${eventRefs(cd, f.events, 12, PRINT_EVENTS)}</p></div>`
}

function findings(cd: CaseDigest, facts: CaseFacts): Html {
  if (cd.findings.length === 0) return html`<h3 id="findings-${cd.n}">Findings</h3><p>No indicator matched.</p>`
  return html`<h3 id="findings-${cd.n}">Findings (${fmtInt(cd.findings.length)})</h3><p class="small mut">The findings that set the level come first. The badge says what each does to the level; the indicator's own severity is in the line below it.</p><div class="fl">${facts.findings.map((f, i) => findingBlock(cd, facts, f, i))}</div>`
}

const ref = (cd: CaseDigest, id: string): Html => eventRefs(cd, [id])

function sessionTable(cd: CaseDigest, f: CaseFacts): Html {
  if (!f.sessions.length) return html`<p class="mut">No remote-control session was found in the evidence read.</p>`
  const rows = f.sessions.map((s) => html`<tr><td>${ev(toolName(s.tool), 60)}</td><td>${s.direction ? ev(s.direction, 20) : html`<span class="mut">not recorded</span>`}</td><td class="brk">${s.remoteId ? html`<span class="mono nw">${ev(s.remoteId, 80)}</span>` : ''}${s.alias ? html` “${ev(s.alias, 80)}”` : ''}${s.account ? html`${s.remoteId ? html`<br>` : ''}${ev(s.account, 200)}` : ''}</td><td class="mono nw">${s.addresses.length ? s.addresses.map((a, i) => html`${i ? html`<br>` : ''}${ev(a, 80)}`) : html`<span class="mut">not recorded</span>`}</td><td class="nw">${humanTime(s.start, s.precision)}</td><td class="nw">${s.durationS !== undefined ? humanDuration(s.durationS) : html`<span class="mut">unknown</span>`}</td><td class="brk">${s.files.length ? s.files.map((x, i) => html`${i ? html`<br>` : ''}${ev(x, 200)}`) : ''}</td><td>${ref(cd, s.event)}${s.events.length > 1 ? html` <span class="mut small">+${s.events.length - 1} record${s.events.length === 2 ? '' : 's'}</span>` : ''}</td></tr>`)
  return html`<div class="tw"><table class="kf"><thead><tr><th>tool</th><th>direction</th><th>remote ID / alias / account</th><th>address</th><th>start (UTC)</th><th>duration</th><th>files moved</th><th>event</th></tr></thead><tbody>${rows}</tbody></table></div>`
}

function idTable(cd: CaseDigest, f: CaseFacts): Html {
  if (!f.ids.length) return html`<p class="mut">No account or remote-access identifier was found.</p>`
  return html`<div class="tw"><table class="kf"><thead><tr><th>what</th><th>value</th><th>tool</th><th>first seen (UTC)</th><th>records</th><th>event</th></tr></thead><tbody>${f.ids.map((r) => html`<tr><td>${r.kind}</td><td class="mono ${r.value.length > 24 ? 'brk' : 'nw'}">${ev(r.value, 300)}</td><td>${r.tools.map((t, i) => html`${i ? ', ' : ''}${ev(toolName(t), 60)}`)}</td><td class="nw">${humanTime(r.first, r.precision)}</td><td>${fmtInt(r.count)}</td><td>${ref(cd, r.event)}</td></tr>`)}</tbody></table></div>`
}

function factTable(cd: CaseDigest, t: FactTable): Html {
  return html`<h4 id="kf-${t.key}-${cd.n}">${t.title}</h4><div class="tw"><table class="kf"><thead><tr><th>time (UTC)</th><th>what the evidence shows</th><th>indicator</th><th>event</th></tr></thead><tbody>${t.rows.map((r) => html`<tr><td class="nw">${humanTime(r.time, r.precision)}</td><td class="brk">${ev(r.what, 400)}</td><td>${r.indicators.map((x, i) => html`${i ? ', ' : ''}${ev(x, 40)}`)}</td><td>${ref(cd, r.event)}</td></tr>`)}${t.more ? html`<tr><td colspan="4" class="mut">+${fmtInt(t.more)} more in the timeline</td></tr>` : ''}</tbody></table></div>`
}

function keyFacts(cd: CaseDigest, f: CaseFacts): Html {
  const gantt = sessionGanttSvg(cd.n, f.sessions)
  return html`<h3 id="keyfacts-${cd.n}">Key facts</h3>
<h4 id="kf-sessions-${cd.n}">Remote sessions (${fmtInt(f.sessions.length)})</h4>${sessionTable(cd, f)}
${gantt ? html`<figure class="fig">${gantt}<figcaption>Remote sessions by day and hour of the day (UTC), one colour per remote party. The table above is the same data as text.</figcaption></figure>` : ''}
<h4 id="kf-ids-${cd.n}">Accounts and identifiers (${fmtInt(f.ids.length)})</h4>${idTable(cd, f)}
${f.tables.map((t) => factTable(cd, t))}`
}

function caseChart(cd: CaseDigest, f: CaseFacts): Html {
  const time = new Map(cd.relevant.map((e) => [e.id, e.time]))
  const svg = caseTimelineSvg(cd.n, f.sessions, cd.findings, (id) => time.get(id) ?? null)
  if (!svg) return html``
  return html`<h3 id="chart-${cd.n}">The case at a glance</h3><figure class="fig">${svg}<figcaption>Days across (UTC): remote sessions as bars, findings as dots per area (larger for more events). Hover a mark for details; the key-facts tables and the timeline hold the same data as text.</figcaption></figure>`
}

function fieldList(e: TimelineEvent): Html {
  const keys = Object.keys(e.fields).sort(byCode)
  if (keys.length === 0) return html``
  // a space between fields: a line may break there (in print) instead of inside a name
  const shown = keys.slice(0, 16).map((k, i) => html`${i ? ' ' : ''}<span><b>${ev(k, 60)}</b>=${ev(e.fields[k], 400)}</span>`)
  return html`<span class="flds">${shown}${keys.length > 16 ? html` <span class="mut">+${keys.length - 16} more fields</span>` : ''}</span>`
}

function timeCell(e: TimelineEvent): Html {
  if (e.time === null) return html`<span class="mut">no time</span>`
  const basis = e.timeBasis === 'utc' || e.timePrecision === 'day' ? '' : html`<br><span class="small mut">${e.timeBasis}</span>`
  const prec = e.timePrecision === 'day' ? html`<br><span class="small mut">date only</span>` : e.timePrecision === 'minute' ? html`<br><span class="small mut">minute precision</span>` : ''
  return html`<span class="nw">${humanTime(e.time, e.timePrecision)}</span>${basis}${prec}`
}

/** Tool vocabulary with line-break chances after each separator (so print never splits a word). */
const wbrAfter = (s: string, sep: string): Html => html`${s.split(sep).map((p, i, a) => html`${p}${i < a.length - 1 ? html`${sep}<wbr>` : ''}`)}`

/** An evidence path that may wrap after each `/` or `\\` rather than inside a name. */
function pathCell(p: string): Html {
  const parts = capForDisplay(p, 300).split(/(?<=[/\\])/)
  return html`${parts.map((x, i) => html`${i ? html`<wbr>` : ''}${ev(x, 300)}`)}`
}

/** Multi-line evidence (raw records) keeps its lines as lines; each line is escaped on its own. */
function evLines(s: string, max: number): Html {
  const lines = capForDisplay(s, max).split(/\r\n|\n|\r/)
  return html`${lines.map((l, i) => html`${i ? html`<br>` : ''}${ev(l, Number.MAX_SAFE_INTEGER)}`)}`
}

/** One timeline row; the attributes carry the filter keys (type from the parser, severity from findings). */
export function timelineRow(cd: CaseDigest, e: TimelineEvent): Html {
  const sev = cd.severity.get(e.id) ?? 'none'
  const inds = cd.indicators.get(e.id) ?? []
  const raw = e.raw !== undefined && e.raw !== '' ? html`<span class="raw">${evLines(e.raw, 400)}</span>` : ''
  return html`<tr id="${cd.anchor.get(e.id)!}" data-type="${e.type}" data-sev="${sev}"><td class="mono id">${ev(cd.label.get(e.id)!, 120)}</td><td>${timeCell(e)}</td><td class="mono ty">${wbrAfter(e.type, '.')}</td><td>${ev(e.message, 2000)}${fieldList(e)}${raw}</td><td>${sev === 'none' ? '' : sevBadge(sev)} ${inds.map((x, i) => html`${i ? ', ' : ''}${ev(x, 40)}`)}</td><td class="small">${pathCell(e.artifact)}<br><span class="mut">${ev(e.location, 120)}</span></td></tr>`
}

export function timelineHead(cd: CaseDigest): Html {
  const types = [...new Set(cd.relevant.map((e) => e.type))].sort(byCode)
  const id = `timeline-${cd.n}`
  const filters = html`<div class="filters" hidden data-for="tl-${cd.n}"><label>Text <input class="f-text" type="search" placeholder="message, field, source…"></label>
<label>Type <select class="f-type"><option value="">all types</option>${types.map((t) => html`<option value="${t}">${t}</option>`)}</select></label>
<label>Severity <select class="f-sev"><option value="">all events</option><option value="info">tied to a finding</option><option value="low">low or above</option><option value="medium">medium or above</option><option value="high">high or above</option><option value="critical">critical</option></select></label>
<span class="f-count mut">${fmtInt(cd.relevant.length)} of ${fmtInt(cd.relevant.length)} events shown</span></div>`
  const rest = cd.restTotal > 0
    ? html`<p class="small">Not shown here: ${fmtInt(cd.restTotal)} other event${cd.restTotal === 1 ? '' : 's'} (${cd.rest.map(([t, k], i) => html`${i ? ', ' : ''}${t}: ${fmtInt(k)}`)}). The full timeline is in the JSONL or CSV export (<code>dprk-triage scan … --format jsonl</code> or <code>--format csv</code>).</p>`
    : html`<p class="small">Every event of the case is shown.</p>`
  const cut = cd.cutRows > 0 ? html`<p class="small"><b>${fmtInt(cd.cutRows)} further relevant events are not drawn</b> (limit ${fmtInt(cd.relevant.length)} rows); see the JSONL or CSV export.</p>` : ''
  return html`<h3 id="${id}" class="appendix">Appendix: timeline of relevant events (${fmtInt(cd.relevant.length)})</h3>
<p class="small mut">Events tied to findings or cross-case links, remote sessions (remote_access.*), downloads (browser.download) and program installs (program.installed). Times are UTC. The event id is the <code>id</code> of the same event in the JSON, JSONL and CSV exports.</p>
${rest}${cut}${filters}<div class="tlw" id="tl-${cd.n}"><div class="chunk"><table class="tl">${COLS}<thead><tr><th>event id</th><th>time (UTC)</th><th>type</th><th>event</th><th>indicators</th><th>source</th></tr></thead><tbody>`
}

const COLS = html`<colgroup><col class="c-n"><col class="c-t"><col class="c-ty"><col><col class="c-i"><col class="c-s"></colgroup>`

/** Rows per chunk: each chunk is laid out only when it nears the viewport (content-visibility). */
export const CHUNK_ROWS = 500

/** Closes a chunk of timeline rows and opens the next (same fixed column widths). */
export const timelineBreak = (): Html => html`</tbody></table></div>\n<div class="chunk"><table class="tl">${COLS}<tbody>`

export const timelineTail = (cd: CaseDigest): Html =>
  cd.relevant.length === 0 ? html`<tr><td colspan="6" class="mut">No relevant events.</td></tr></tbody></table></div></div>` : html`</tbody></table></div></div>`

export function activity(cd: CaseDigest): Html {
  const a: ActivityProfile | undefined = cd.c.activity
  if (!a) return html`<h3 id="activity-${cd.n}">Activity by hour and weekday</h3><p class="mut">Not drawn: no claimed time zone was given (<code>--claimed-tz</code>).</p>`
  const fit = a.bestFitUtcOffset !== undefined ? html` · best-fit working-day offset UTC${a.bestFitUtcOffset >= 0 ? '+' : ''}${a.bestFitUtcOffset}` : ''
  return html`<h3 id="activity-${cd.n}">Activity by hour and weekday in ${ev(a.zone, 80)}</h3>
<p class="small">${fmtInt(a.total)} ten-minute slots of human activity on ${fmtInt(a.days)} local days · ${Math.round(a.nightShare * 1000) / 10}% at night (22:00-06:00)${fit}${a.sufficient ? '' : html` · <b>too little evidence for a time-of-activity finding</b>`}</p>
${heatmapSvg(a)}`
}

function artifactRow(a: ArtifactRecord): Html {
  const logical = a.logicalPath && a.logicalPath !== a.path ? html`<br><span class="small mut">${ev(a.logicalPath, 600)}</span>` : ''
  const warnings = a.warnings.length
    ? html`<ul class="small">${a.warnings.slice(0, 50).map((w) => html`<li>${ev(w, 600)}</li>`)}${a.warnings.length > 50 ? html`<li class="mut">+${fmtInt(a.warnings.length - 50)} more warnings (in the JSON report)</li>` : ''}</ul>`
    : ''
  const facts = a.notes?.length || a.sideFiles?.length
    ? html`<ul class="small mut">${(a.notes ?? []).map((n) => html`<li>note: ${ev(n, 600)}</li>`)}${(a.sideFiles ?? []).map((f) => html`<li>side file: ${ev(f.path, 600)} (${fmtInt(f.size)} bytes, SHA-256 <span class="mono">${ev(f.sha256, 80)}</span>)</li>`)}</ul>`
    : ''
  return html`<tr><td class="brk">${ev(a.path, 600)}${logical}</td><td class="mono">${a.kind}</td><td>${fmtInt(a.size)}</td><td class="mono brk">${ev(a.sha256, 80)}</td><td>${sevlessStatus(a.status)}</td><td>${fmtInt(a.events)}</td><td>${warnings}${facts}</td></tr>`
}

const sevlessStatus = (s: string): Html => html`<span class="${s === 'parsed' ? '' : 'sev s-medium'}">${s}</span>`

export function inventory(cd: CaseDigest): Html {
  const c = cd.c
  const caseWarn = c.warnings.length
    ? html`<h4>Evidence warnings</h4><ul>${c.warnings.slice(0, 200).map((w) => html`<li>${ev(w, 600)}</li>`)}${c.warnings.length > 200 ? html`<li class="mut">+${fmtInt(c.warnings.length - 200)} more (in the JSON report)</li>` : ''}</ul>`
    : ''
  const supp = c.suppressions?.length
    ? html`<h4>Suppressed by the allow list</h4><div class="tw"><table><thead><tr><th>indicator</th><th>title</th><th>events</th><th>reason</th><th>origin</th></tr></thead><tbody>${c.suppressions.map((s) => html`<tr><td>${ev(s.indicator, 40)}</td><td>${ev(s.title, 300)}</td><td>${fmtInt(s.events)}</td><td>${ev(s.reason, 600)}</td><td>${ev(s.origin, 300)}</td></tr>`)}</tbody></table></div>`
    : ''
  return html`<h3 id="artifacts-${cd.n}" class="appendix">Appendix: artifact inventory (${fmtInt(c.artifacts.length)})</h3>
<div class="tw"><table class="inv"><thead><tr><th>path</th><th>kind</th><th>bytes</th><th>SHA-256</th><th>status</th><th>events</th><th>warnings</th></tr></thead><tbody>${c.artifacts.length ? c.artifacts.map(artifactRow) : html`<tr><td colspan="7" class="mut">No artifact was recognised.</td></tr>`}</tbody></table></div>${caseWarn}${supp}`
}

export function caseOpen(cd: CaseDigest): Html {
  const c = cd.c
  const f = caseFacts(cd)
  return html`<section id="case-${cd.n}" class="case"><h2>Case ${cd.n}: ${ev(c.id, 300)}</h2><p class="small mut">Evidence: <span class="brk">${ev(c.evidence, 600)}</span></p>
${verdict(cd, f)}${keyFacts(cd, f)}${caseChart(cd, f)}${findings(cd, f)}`
}

export function links(report: Report, d: ReportDigest): Html {
  const row = (l: Link) => {
    const byCase = new Map<CaseDigest, string[]>()
    for (const id of l.events) {
      const cd = locateEvent(d, id, l.cases)
      if (!cd) continue
      const list = byCase.get(cd) ?? []
      list.push(id)
      byCase.set(cd, list)
    }
    const refs = [...byCase.entries()].sort((a, b) => a[0].n - b[0].n).map(([cd, ids], i) => html`${i ? ' ' : ''}${eventRefs(cd, ids, 20)}`)
    const cases = l.cases.map((id, i) => {
      const cd = d.cases.find((x) => x.c.id === id)
      return html`${i ? ', ' : ''}${cd ? html`<a href="#case-${cd.n}">${ev(id, 120)}</a>` : ev(id, 120)}`
    })
    return html`<tr><td class="mono">${l.type}</td><td class="mono brk">${ev(l.value, 600)}</td><td>${cases}</td><td>${refs}</td></tr>`
  }
  const body = report.links.length
    ? html`<div class="tw"><table><thead><tr><th>type</th><th>shared value</th><th>cases</th><th>supporting events</th></tr></thead><tbody>${report.links.map(row)}</tbody></table></div>`
    : html`<p>${sameHostNotes(report).length ? 'No value is shared between different hosts.' : report.cases.length > 1 ? 'No value is shared between the cases.' : report.cases.length === 1 ? 'One case only: nothing to link.' : 'No case: nothing to link.'}</p>`
  return html`<section id="links"><h2>Cross-case links</h2>${sameHostBlock(report, d)}${body}</section>`
}

/** "Same host, collected twice": one note per machine seen in several collections. */
function sameHostBlock(report: Report, d: ReportDigest): Html {
  const caseRef = (id: string) => {
    const cd = d.cases.find((x) => x.c.id === id)
    return cd ? html`<a href="#case-${cd.n}">${ev(id, 120)}</a>` : ev(id, 120)
  }
  return html`${sameHostNotes(report).map((n) => {
    const ids = n.identity.map((v, i) => html`${i ? '; ' : ''}${identityLabel(v.type)} <span class="mono">${ev(v.value, 200)}</span>`)
    const files = n.identicalArtifacts.slice(0, 5).map((a, i) => html`${i ? ', ' : ''}<span class="mono brk">${ev(a.logicalPath, 300)}</span> (SHA-256 <span class="mono">${a.sha256.slice(0, 16)}…</span>)`)
    const more = n.identicalArtifacts.length > 5 ? html`, +${fmtInt(n.identicalArtifacts.length - 5)} more (in the JSON report)` : ''
    const values = n.notLinks.slice(0, 10).map((v, i) => html`${i ? ', ' : ''}<span class="mono">${v.type}</span> <span class="mono brk">${ev(v.value, 200)}</span>`)
    return html`<div class="same-host"><h3>Same host, ${collectedTimes(n.cases.length)}</h3>
<p>${n.cases.map((id, i) => html`${i ? ', ' : ''}${caseRef(id)}`)} are collections of one machine, not linked cases. Shared identity: ${ids.length ? ids : 'none'}${n.identicalArtifacts.length ? html`; ${fmtInt(n.identicalArtifacts.length)} byte-identical artifact file${n.identicalArtifacts.length === 1 ? '' : 's'}: ${files}${more}` : ''}.</p>
<p class="small mut">${n.notLinks.length ? html`Values only these collections share are this machine's own and are not cross-case links (${fmtInt(n.notLinks.length)}): ${values}${n.notLinks.length > 10 ? html`, +${fmtInt(n.notLinks.length - 10)} more` : ''}.` : 'They share no value that would otherwise be a link.'} Values also seen on other hosts stay links below.</p></div>`
  })}`
}

function kindRow(k: KindRow): Html {
  const found = k.artifacts > 0 ? html`found: ${fmtInt(k.artifacts)} artifact${k.artifacts === 1 ? '' : 's'} (${k.statuses}), ${fmtInt(k.events)} events` : html`<span class="mut">not found in the evidence</span>`
  return html`<tr><td class="mono">${k.kind}</td><td>${k.title ? toolText(k.title, 200) : html`<span class="mut">no parser</span>`}</td><td>${found}</td></tr>`
}

export function method(report: Report, d: ReportDigest): Html {
  const m = report.method
  const pack = m
    ? html`<p>Indicator pack <b>${ev(m.indicatorPack.id, 80)}</b> version <b>${ev(m.indicatorPack.version, 40)}</b>, ${fmtInt(m.indicatorPack.indicators)} indicators${m.indicatorPack.loaded.length ? html`; loaded: ${m.indicatorPack.loaded.map((x, i) => html`${i ? ', ' : ''}<span class="mono brk">${ev(x, 300)}</span>`)}` : ''}.</p>
${m.allowlist?.length ? html`<p>Allow list: ${m.allowlist.map((x, i) => html`${i ? ', ' : ''}<span class="mono brk">${ev(x, 300)}</span>`)}.</p>` : html`<p>No allow list was used.</p>`}
<p>Claimed time zone: ${m.claimedTz ? ev(m.claimedTz, 80) : 'not given (no activity heatmap)'}.${m.hostTz && Object.keys(m.hostTz).length ? html` Host time zones: ${Object.keys(m.hostTz).sort(byCode).map((k, i) => html`${i ? ', ' : ''}${ev(k, 120)} = ${ev(m.hostTz![k], 80)}`)}, applied only to sources that write local time: ${ev((m.hostTzKinds ?? []).join(', ') || 'none', 2000)}. Sources that record UTC or state their offset were not converted.` : ' No host time zone was given: zone-less source times were read as UTC.'}</p>`
    : html`<p class="mut">The report does not record the indicator pack or the parsers used.</p>`
  const failed = d.cases.flatMap((cd) => cd.c.artifacts.filter((a) => a.status !== 'parsed'))
  const evaluable = d.kinds.length
    ? html`<div class="tw"><table><thead><tr><th>artifact kind</th><th>parser</th><th>in this evidence</th></tr></thead><tbody>${d.kinds.map(kindRow)}</tbody></table></div>`
    : html`<p class="mut">No parser list recorded.</p>`
  const basis = Object.entries(TIME_BASIS_MEANING).map(([k, v]) => html`<li><code>${k}</code>: ${v}</li>`)
  const shown = d.cases.reduce((t, cd) => t + cd.relevant.length, 0)
  const total = d.cases.reduce((t, cd) => t + cd.total, 0)
  return html`<section id="method"><h2 class="appendix">Method and limitations</h2>
<p>Made by dprk-triage ${ev(report.generator.version, 64)}.</p>
<p>Command line: ${report.command ? html`<code class="brk">${ev(report.command, 4000)}</code>` : html`<span class="mut">not recorded</span>`}</p>
${pack}
<h3>What was and was not evaluable</h3>
<p>Only the artifact kinds below can be read. A kind marked “not found” was absent from the evidence, so nothing can be concluded from it; evidence of other kinds (other tools, other browsers, memory, network logs) was not examined.</p>
${evaluable}
<p>${fmtInt(failed.length)} artifact${failed.length === 1 ? '' : 's'} could not be read completely (status partial, failed or unsupported; see each case's inventory).</p>
<p>This page shows ${fmtInt(shown)} of ${fmtInt(total)} events; the JSONL and CSV exports hold all of them. Long evidence values are cut for display with a marker. URLs and domains are shown defanged (<code>hxxps://example[.]com</code>) and never as live links; invisible and bidi control characters are shown as marked symbols (<span class="cc">␛</span>, <span class="cc">⟨U+202E⟩</span>).</p>
<h3>Time conventions</h3>
<p>All times are UTC, ISO 8601 with <code>Z</code>. Each event's time basis says where its zone came from:</p><ul>${basis}</ul>
<p>Times are shown to the precision their source recorded; install dates and other day-precision values are shown as dates. JSON, JSONL and CSV write every time with six fraction digits (µs), so they sort as text, and say in <code>timePrecision</code> what the source had.</p>
<p>Indicator findings are leads for identity and employment checks, not proof: each lists its public sources and known false positives.</p></section>`
}
