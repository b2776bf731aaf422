// The artifact parser for Windows event-log exports: recognises the export form by content
// (never by name), streams the records and hands each one to the tool handlers that want it.
import {capRaw} from '../../lib/text.js'
import type {ArtifactClaim, ArtifactParser} from '../types.js'
import type {WinEventHandler, WinEventHandlerFactory} from './handler.js'
import {readWindowsEvents} from './reader.js'

export function makeEventExportParser(claim: ArtifactClaim, handlers: WinEventHandlerFactory[]): ArtifactParser {
  return {
    ...claim,
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
