// PowerShell/Operational 4104 script blocks (reference §2.4) that mention a remote-access tool or
// Astrill: CRD headless `remoting_start_host.exe --code=`, AnyDesk `--set-password`, silent
// installs. Other script blocks are only counted in the inventory.
import {cleanFields} from '../common.js'
import type {WinEventHandler, WinEventHandlerFactory} from './handler.js'
import {named, present} from './fields.js'
import {evtxFields} from './record.js'

const MENTIONS: Array<[string, RegExp]> = [
  ['chrome_remote_desktop', /remoting_start_host|chrome remote desktop|chromoting|remotedesktop\.google\.com/i],
  ['anydesk', /anydesk/i],
  ['teamviewer', /teamviewer/i],
  ['rustdesk', /rustdesk/i],
  ['screenconnect', /screenconnect/i],
  ['splashtop', /splashtop/i],
  ['parsec', /\bparsec/i],
  ['astrill', /astrill/i],
]

export const powershellHandler: WinEventHandlerFactory = (ctx): WinEventHandler => ({
  acceptsProvider: (name) => name === 'Microsoft-Windows-PowerShell',
  accepts: (r) => r.provider === 'Microsoft-Windows-PowerShell' && r.eventId === 4104,
  handle(r) {
    const text = named(r, 'ScriptBlockText') ?? r.data[2] ?? ''
    const hits = MENTIONS.filter(([, re]) => re.test(text)).map(([t]) => t)
    if (hits.length === 0) return
    const first = MENTIONS.find(([t]) => t === hits[0])![1].exec(text)!
    const at = first.index
    const excerpt = text.slice(Math.max(0, at - 120), at + 200).replace(/\s+/g, ' ').trim()
    ctx.emit({
      time: r.timeCreated, timeBasis: 'utc', type: 'powershell.script_block', timestampDesc: 'PowerShell script block (4104)', location: r.location,
      message: `PowerShell script block mentions ${hits.join(', ')}: ${excerpt}`.slice(0, 500), raw: r.raw,
      fields: cleanFields({
        mentions: hits.join(','), tool: hits[0] === 'astrill' ? undefined : hits[0], excerpt, script_block_id: present(named(r, 'ScriptBlockId')),
        message_number: present(named(r, 'MessageNumber')), message_total: present(named(r, 'MessageTotal')), path: present(named(r, 'Path')),
        computer: r.computer, record_id: r.recordId, event_id: 4104, ...evtxFields(r),
      }),
    })
  },
  finish() {},
})
