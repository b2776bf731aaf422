// Application log, MsiInstaller (reference §2.2): 1033 / 11707 installed, 1034 / 11724 removed.
// Classic source: positional `<Data>` values ([name, version, language, status, manufacturer]
// for 1033/1034; the message `Product: X -- Installation completed successfully.` for 11707/11724).
// They survive the removal of the Uninstall key and feed the same program indicators.
import {cleanFields} from '../common.js'
import {normalizeProgramName} from '../programs/normalize.js'
import type {WinEventHandler, WinEventHandlerFactory} from './handler.js'
import {present} from './fields.js'
import {evtxFields} from './record.js'

const PRODUCT = /^Product:\s*(.+?)\s+--\s/

export const msiHandler: WinEventHandlerFactory = (ctx): WinEventHandler => ({
  acceptsProvider: (name) => name === 'MsiInstaller',
  accepts: (r) => r.provider === 'MsiInstaller' && (r.eventId === 1033 || r.eventId === 1034 || r.eventId === 11707 || r.eventId === 11724),
  handle(r) {
    const id = r.eventId!
    const removed = id === 1034 || id === 11724
    let program: string | undefined
    let version: string | undefined
    let publisher: string | undefined
    let status: string | undefined
    if (id === 1033 || id === 1034) {
      program = present(r.data[0])
      version = present(r.data[1])
      status = present(r.data[3])
      publisher = present(r.data[4])
    } else {
      const text = r.data.find((d) => PRODUCT.test(d)) ?? r.message ?? ''
      program = PRODUCT.exec(text)?.[1]?.trim()
    }
    if (!program) {
      ctx.warn(`${r.location}: MsiInstaller ${id} without a product name; not used`)
      return
    }
    const type = removed ? 'program.removed' : 'program.installed'
    ctx.emit({
      time: r.timeCreated, timeBasis: 'utc', type, timestampDesc: removed ? 'Program removed (MsiInstaller)' : 'Program installed (MsiInstaller)',
      location: r.location, raw: r.raw,
      message: `Windows Installer ${removed ? 'removed' : 'installed'} ${program}${version ? ` ${version}` : ''}${status && status !== '0' ? ` (status ${status})` : ''}`.slice(0, 500),
      fields: cleanFields({
        program, program_normalized: normalizeProgramName(program, version), version, publisher, status,
        source_format: 'msiinstaller-event', computer: r.computer, record_id: r.recordId, event_id: id, ...evtxFields(r),
      }),
    })
  },
  finish() {},
})
