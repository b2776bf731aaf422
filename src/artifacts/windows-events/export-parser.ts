// The artifact parser for Windows event-log exports: recognises the export form by content
// (never by name), streams the records and hands each one to the tool handlers that want it.
import {capRaw} from '../../lib/text.js'
import type {ArtifactParser} from '../types.js'
import {decodeHead} from './decode.js'
import type {WinEventHandler, WinEventHandlerFactory} from './handler.js'
import {detectExportForm, readWindowsEvents} from './reader.js'

// Names responders give exports: Application.xml, app-events.csv, *_EvtxECmd_Output.csv/json, x.clixml.
const EXPORT_NAME = /\.(?:xml|csv|json|jsonl|ndjson|txt|clixml)$/i

export function makeEventExportParser(kind: string, title: string, handlers: WinEventHandlerFactory[]): ArtifactParser {
  return {
    kind,
    title,
    timeSource: 'utc', // TimeCreated SystemTime is UTC (remote-access-artifacts.md §2.1)
    matchPath: (p) => EXPORT_NAME.test(p.name),
    sniff: (head) => detectExportForm(decodeHead(head)) !== undefined,
    async parse(input, ctx) {
      const active: WinEventHandler[] = handlers.map((f) => f(ctx, input.info))
      const stream = await input.stream()
      try {
        await readWindowsEvents(stream, (r) => {
          for (const h of active) if (h.accepts(r)) h.handle(r)
        }, {warn: (m) => ctx.warn(capRaw(m, 300)), wantProvider: (name) => active.some((h) => h.acceptsProvider(name))})
      } finally {
        for (const h of active) h.finish()
      }
    },
  }
}
