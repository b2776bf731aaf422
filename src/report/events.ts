// Access to a case's events for every writer, whether they are in memory or were spilled to
// disk (large timelines, see lib/event-store.ts).
import {readSpilled} from '../lib/event-store.js'
import {releaseTimeline} from '../lib/line-store.js'
import type {CaseReport, Report, TimelineEvent} from '../lib/model.js'
import {readStoredEvents} from './saved-report.js'

export function eventCount(c: CaseReport): number {
  return c.internal?.eventCount ?? c.events.length
}

/** The case's events in contract order. */
export async function* eventsOf(c: CaseReport): AsyncGenerator<TimelineEvent> {
  // a timeline kept as JSONL lines (CaseJob.jsonlLines) has no events to give: only writeJsonl reads it
  if (c.internal?.lines) throw new Error(`case ${c.id}: its timeline was kept as JSONL lines, for the JSONL writer only`)
  if (c.internal?.spilled) yield* readSpilled(c.internal.spilled)
  else if (c.internal?.stored) yield* readStoredEvents(c.internal.stored)
  else yield* c.events
}

/** Loads spilled events into memory, for writers that lay out the whole timeline at once. */
export async function materializeEvents(report: Report): Promise<void> {
  for (const c of report.cases) {
    if (!c.internal?.spilled && !c.internal?.stored) continue
    const all: TimelineEvent[] = []
    for await (const e of eventsOf(c)) all.push(e)
    c.events = all
  }
}

/** Removes the temp folders of spilled timelines. */
export function releaseEvents(report: Report): void {
  for (const c of report.cases) releaseTimeline(c)
}
