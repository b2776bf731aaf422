// Case verdict (reference indicators.md §c.3): per-category points with diminishing returns and
// a cap, coverage of distinct categories, and escalating combinations from the pack. Locale
// signals are reported but never create or raise a level (ethics note, §0).
import type {ActivityProfile, AssessedCombination, Assessment, Category, Finding, Level, SuppressionRecord} from '../lib/model.js'
import type {IndicatorPack} from './types.js'

export const REVIEW_NOTE =
  'Requires human review: indicators are consistent with reported DPRK IT-worker tradecraft; they are not proof of identity or nationality.'

/** What evidence each category needs, to say plainly which ones could not be evaluated. */
const EVALUABLE_FROM: Record<Category, {types: RegExp; need: string}> = {
  'remote-access': {types: /^(remote_access\.|program\.installed|browser\.)/, need: 'remote-access logs, program lists or browser history'},
  'vpn-proxy': {types: /^(program\.installed|browser\.)/, need: 'program lists or browser history (or --ioc address lists)'},
  'virtual-camera': {types: /^program\.installed/, need: 'installed-program lists'},
  'ip-kvm': {types: /^usb\./, need: 'USB device artifacts'},
  payment: {types: /^browser\./, need: 'browser history'},
  exfiltration: {types: /^(browser\.|remote_access\.file_transfer)/, need: 'browser history or remote-access file-transfer logs'},
  communication: {types: /^(browser\.|program\.installed)/, need: 'browser history or program lists'},
  'ai-tooling': {types: /^browser\./, need: 'browser history'},
  'time-of-activity': {types: /./, need: '--claimed-tz and enough timed activity'},
  'persona-link': {types: /./, need: 'two or more hosts scanned together (a host collected twice counts once)'},
  locale: {types: /^(remote_access\.config|system\.locale)/, need: 'configuration or locale artifacts'},
}

export interface AssessContext {
  eventTypes: Set<string>
  claimedTz?: string
  activity?: ActivityProfile
  caseCount: number
  suppressions: SuppressionRecord[]
}

export function assessCase(findings: Finding[], pack: IndicatorPack, ctx: AssessContext): Assessment {
  const s = pack.scoring
  const modifierCats = new Set(s.modifier_only_categories)
  const counted = findings.filter((f) => !f.modifierOnly && !modifierCats.has(f.category) && (f.weight ?? 0) > 0)
  const modifiers = findings.filter((f) => f.modifierOnly || modifierCats.has(f.category))

  const perCat = new Map<Category, number>()
  for (const cat of new Set(counted.map((f) => f.category))) {
    const ws = counted.filter((f) => f.category === cat).map((f) => f.weight ?? 0).sort((a, b) => b - a)
    const pts = ws.reduce((sum, w, i) => sum + w * s.diminishing ** i, 0)
    perCat.set(cat, Math.min(s.category_cap, pts))
  }
  const points = [...perCat.values()].reduce((a, b) => a + b, 0)
  const catCount = perCat.size
  const modPoints = counted.length > 0 ? modifiers.reduce((a, f) => a + (f.weight ?? 0), 0) : 0
  const score = Math.min(100, Math.round(((points + modPoints) * 100) / s.score_scale))

  const fired = new Set(counted.map((f) => f.indicator))
  // "ioc:<category>" in a combination stands for any analyst-list (--ioc) hit of that category
  for (const f of counted) if (f.indicator.startsWith('IOC-')) fired.add(`ioc:${f.category}`)
  const combos = pack.combinations.filter((c) => c.all_of.every((group) => group.some((id) => fired.has(id))))

  let level: Level = 'none'
  const reasons: string[] = []
  if (counted.length > 0) {
    level = 'low'
    if (points >= s.medium.min_points && catCount >= s.medium.min_categories) level = 'medium'
    if (points >= s.high.min_points && catCount >= s.high.min_categories) level = 'high'
    for (const c of combos) if (rank(c.level) > rank(level)) level = c.level
  }

  const cats = [...perCat.entries()].sort((a, b) => b[1] - a[1])
  if (level === 'none') {
    reasons.push(findings.length === 0 ? 'No indicator matched the evidence that could be read.'
      : 'Only context signals matched (locale or zero-weight indicators); they never create a level by themselves.')
  } else {
    const why = level === 'low' ? 'isolated indicators that are individually benign'
      : level === 'medium' ? 'a combination worth identity and employment-eligibility checks'
        : 'a combination strongly consistent with the scheme'
    reasons.push(`Level ${level}: ${why}; ${round1(points)} points from ${catCount} ${catCount === 1 ? 'category' : 'categories'} ` +
      `(medium needs ${s.medium.min_points} points in ${s.medium.min_categories} categories, high ${s.high.min_points} in ${s.high.min_categories}, each category capped at ${s.category_cap}).`)
    for (const c of combos) {
      const ids = c.all_of.map((g) => g.filter((id) => fired.has(id)).join('+')).join(' with ')
      reasons.push(`Combination ${c.id} (${c.title}): ${ids}; sets the level to at least ${c.level}.`)
    }
    for (const [cat, pts] of cats) {
      const list = counted.filter((f) => f.category === cat).map((f) => `${f.indicator} ${f.title} (${f.events.length} ${f.events.length === 1 ? 'event' : 'events'})`)
      reasons.push(`${cat} (${round1(pts)} points): ${list.join('; ')}.`)
    }
  }
  if (modifiers.length > 0) {
    reasons.push(`Locale signals are context only and never raise the level: ${modifiers.map((f) => `${f.indicator} ${f.title}`).join('; ')}.`)
  }
  for (const sup of ctx.suppressions) {
    reasons.push(`Suppressed by the allow list (${sup.origin}): ${sup.indicator} ${sup.title}, ${sup.events} ${sup.events === 1 ? 'event' : 'events'} (${sup.reason}).`)
  }
  const notEvaluable = (Object.keys(EVALUABLE_FROM) as Category[]).filter((cat) => {
    if (findings.some((f) => f.category === cat)) return false
    if (cat === 'time-of-activity') return !ctx.claimedTz || !ctx.activity?.sufficient
    if (cat === 'persona-link') return ctx.caseCount < 2
    return ![...ctx.eventTypes].some((t) => EVALUABLE_FROM[cat].types.test(t))
  })
  if (notEvaluable.length > 0) {
    reasons.push(`Not evaluable from the evidence read: ${notEvaluable.map((c) => `${c} (needs ${EVALUABLE_FROM[c].need})`).join('; ')}.`)
  }
  const act = ctx.activity
  if (act?.sufficient && !findings.some((f) => f.category === 'time-of-activity')) {
    const off = act.bestFitUtcOffset ?? 0
    reasons.push(`Time of activity looks like a working day in ${act.zone}: ${Math.round(act.nightShare * 100)}% of ${act.total} ten-minute slots at night; best fit UTC${off >= 0 ? '+' : ''}${off}.`)
  }
  reasons.push(REVIEW_NOTE)
  const categories = [...new Set(findings.map((f) => f.category))].sort() as Category[]
  const combinations: AssessedCombination[] = combos.map((c) => ({id: c.id, title: c.title, level: c.level, groups: c.all_of.map((g) => g.filter((id) => fired.has(id)))}))
  return {
    score, level, categories, reasons, combinations,
    notEvaluable: notEvaluable.map((category) => ({category, needs: EVALUABLE_FROM[category].need})),
    points: Object.fromEntries([...perCat.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, v]) => [k, round1(v)])),
  }
}

const rank = (l: Level) => ['none', 'low', 'medium', 'high'].indexOf(l)

/**
 * A case in which nothing was read gets no verdict: `not-evaluated`, with what was looked for,
 * so an empty or unreadable collection never reads as a clean bill of health.
 */
export function notEvaluated(artifacts: ReadonlyArray<{status: string; kind: string; path: string}>, lookedFor: readonly string[]): Assessment {
  const unread = artifacts.filter((a) => a.status === 'failed' || a.status === 'unsupported')
  const reasons = [
    'Not evaluated: no artifact was recognised and read in this evidence, so nothing can be said about it (this is not a clean result).',
    unread.length > 0
      ? `${unread.length} file${unread.length === 1 ? '' : 's'} at known artifact locations could not be read: ${unread.slice(0, 5).map((a) => `${a.path} (${a.kind}, ${a.status})`).join(', ')}${unread.length > 5 ? ', …' : ''}.`
      : 'No file was found at a known artifact location.',
    `Looked for: ${lookedFor.join(', ')}.`,
  ]
  return {score: 0, level: 'not-evaluated', categories: [], reasons}
}
const round1 = (x: number) => Math.round(x * 10) / 10
