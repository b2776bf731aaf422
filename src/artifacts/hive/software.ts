// SOFTWARE hive: Uninstall and WOW6432Node Uninstall (reference §4.1), Run keys (§4.6),
// remote-tool keys (§4.7) and NetworkList profiles with VPN-looking adapters (§4.9).
import {zonelessTime} from '../common.js'
import {cleanFields} from '../common.js'
import type {ParseContext} from '../types.js'
import {remoteToolTraces, runKeys, uninstallKeys} from './common-keys.js'
import type {Keys} from './read.js'

const UNINSTALL = ['Microsoft\\Windows\\CurrentVersion\\Uninstall', 'WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall']
const RUN = [
  'Microsoft\\Windows\\CurrentVersion\\Run', 'Microsoft\\Windows\\CurrentVersion\\RunOnce',
  'WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Run', 'WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\RunOnce',
]
const TRACES = [
  'TeamViewer', 'WOW6432Node\\TeamViewer', 'Google\\Chrome Remote Desktop', 'WOW6432Node\\Google\\Chrome Remote Desktop',
  'Splashtop Inc.', 'WOW6432Node\\Splashtop Inc.', 'Classes\\AnyDesk', 'Classes\\.anydesk', 'Clients\\Media\\AnyDesk',
  'RustDesk', 'WOW6432Node\\RustDesk', 'ScreenConnect', 'WOW6432Node\\ScreenConnect',
  'Policies\\Google\\Chrome\\RemoteAccessHostFirewallTraversal',
]
const VPN_LIKE = /\b(vpn|astrill|stealthvpn|tap-windows|tap0901|wintun|wireguard|openvpn|nordlynx|tunnel)\b/i
const NAME_TYPES: Record<number, string> = {6: 'wired', 23: 'ppp (3G or built-in VPN)', 71: 'wireless', 53: 'virtual'}

export function parseSoftware(k: Keys, ctx: ParseContext, role: string): void {
  uninstallKeys(k, ctx, role, UNINSTALL, 'machine')
  runKeys(k, ctx, role, RUN)
  remoteToolTraces(k, ctx, role, TRACES)
  networkProfiles(k, ctx, role)
}

/** SYSTEMTIME (16 bytes, local time of the host) as a wall time. */
function systemTime(b: Buffer | undefined) {
  if (!b || b.length < 16) return undefined
  return {
    year: b.readUInt16LE(0), month: b.readUInt16LE(2), day: b.readUInt16LE(6), hour: b.readUInt16LE(8),
    minute: b.readUInt16LE(10), second: b.readUInt16LE(12), fraction: b.readUInt16LE(14) ? String(b.readUInt16LE(14)).padStart(3, '0') : undefined,
  }
}

function networkProfiles(k: Keys, ctx: ParseContext, role: string): void {
  const path = 'Microsoft\\Windows NT\\CurrentVersion\\NetworkList\\Profiles'
  for (const prof of k.subkeys(k.open(path))) {
    const name = k.str(prof, 'ProfileName')
    const description = k.str(prof, 'Description')
    const created = systemTime(k.bytes(prof, 'DateCreated'))
    const last = systemTime(k.bytes(prof, 'DateLastConnected'))
    const c = created ? zonelessTime(created, ctx.hostTz) : undefined
    const l = last ? zonelessTime(last, ctx.hostTz) : undefined
    const nameType = k.num(prof, 'NameType')
    const vpn = VPN_LIKE.test(`${name ?? ''} ${description ?? ''}`)
    const p = `${path}\\${prof.name}`
    const t = l?.time ? l : c?.time ? c : {time: null, timeBasis: 'unknown' as const}
    ctx.emit({
      time: t.time,
      timeBasis: t.timeBasis,
      type: 'network.profile',
      timestampDesc: l?.time ? 'Network last connected (local time of the host)' : 'Network first connected (local time of the host)',
      location: `${role}\\${p}`,
      message: `Network profile ${name ?? prof.name}${description && description !== name ? ` (${description})` : ''}${vpn ? ' [VPN-like adapter]' : ''}`,
      fields: cleanFields({
        profile_name: name, description, profile_guid: prof.name, category: k.num(prof, 'Category'),
        name_type: nameType, adapter_type: nameType !== undefined ? NAME_TYPES[nameType] : undefined,
        first_connected: c?.time ?? undefined, last_connected: l?.time ?? undefined, vpn_like: vpn || undefined,
        source: 'SOFTWARE NetworkList',
      }),
      raw: k.raw(prof, p),
    })
  }
}
