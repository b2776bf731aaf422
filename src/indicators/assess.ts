// Case verdict from findings. The weighting and combination rules live in the indicator pack
// (issue: indicator pack); with no findings the verdict is `none`.
import type {Assessment, Category, Finding} from '../lib/model.js'

export const REVIEW_NOTE =
  'This is a triage aid: every verdict requires human review and is not proof of identity or nationality.'

export function assessCase(findings: Finding[]): Assessment {
  const categories = [...new Set(findings.map((f) => f.category))].sort() as Category[]
  if (findings.length === 0) {
    return {score: 0, level: 'none', categories, reasons: ['No indicator matched the evidence that could be read.', REVIEW_NOTE]}
  }
  return {score: 0, level: 'low', categories, reasons: [REVIEW_NOTE]}
}
