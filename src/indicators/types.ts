// Indicator pack shapes (data files validated by pack.schema.json).
import type {Category, Level, Severity} from '../lib/model.js'

export interface Source {
  id: string
  publisher: string
  title: string
  url: string
  grade: 'P' | 'S' | 'C' | 'K'
}

export type Op = 'equals' | 'contains' | 'starts_with' | 'ends_with' | 'regex' | 'domain' | 'cidr' | 'exists' | 'gte' | 'lte'

export type Condition =
  | {field: string; op: Op; value?: string | number | boolean; values?: Array<string | number>}
  | {any: Condition[]}
  | {all: Condition[]}
  | {not: Condition}

export type Derived = 'distinct_tools' | 'activity_hours' | 'cross_case_links'

export interface Indicator {
  id: string
  title: string
  category: Category
  weight: number
  severity: Severity
  description?: string
  tool?: string
  applies_to?: string[]
  match?: Condition
  derived?: Derived
  min_distinct?: number
  /** Counts only events this close to the case's termination date (`--termination-date`); never fires without one. */
  near_termination?: {days_before: number; days_after: number}
  modifier_only?: boolean
  false_positives?: string
  sources: Source[]
  /** Where the definition came from: the default pack, a --rules file or an --ioc file. */
  origin: string
}

export interface Combination {
  id: string
  title: string
  all_of: string[][]
  level: Exclude<Level, 'none' | 'low'>
  sources: Source[]
}

export interface Scoring {
  category_cap: number
  diminishing: number
  score_scale: number
  medium: {min_points: number; min_categories: number}
  high: {min_points: number; min_categories: number}
  modifier_only_categories: string[]
}

export interface IndicatorPack {
  id: string
  version: string
  title: string
  indicators: Indicator[]
  combinations: Combination[]
  scoring: Scoring
  /** Human-readable list of what was loaded (default pack, extra rules, IOC files). */
  loaded: string[]
}

/** Severity band from weight (reference indicators.md §0). */
export function severityOf(weight: number): Severity {
  if (weight >= 9) return 'critical'
  if (weight >= 7) return 'high'
  if (weight >= 5) return 'medium'
  if (weight >= 3) return 'low'
  return 'info'
}
