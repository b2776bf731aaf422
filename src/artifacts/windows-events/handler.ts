// Tool-specific readers of normalised event records (Chrome Remote Desktop, ScreenConnect …)
// plug into the one export parser, so an Application-log export holding events of several
// tools is read once and every tool's events come out of it.
import type {ParseContext, PathInfo} from '../types.js'
import type {WinEventRecord} from './record.js'

export interface WinEventHandler {
  /** Provider-name test, run on the raw text before a record is fully parsed (speed). */
  acceptsProvider(name: string): boolean
  /** Cheap provider/ID test on the parsed record. */
  accepts(r: WinEventRecord): boolean
  handle(r: WinEventRecord): void
  /** Called once after the last record (also after a read error): emit what was assembled. */
  finish(): void
}

export type WinEventHandlerFactory = (ctx: ParseContext, info: PathInfo) => WinEventHandler
