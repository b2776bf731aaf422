// SYSTEM hive: the current control set (reference §4 intro), remote-tool services (§4.2), USB
// devices with their property times and drive letters (§4.3), the time zone (§4.5) and the OS
// install language (§4.4).
import {decodeValue, type RegKey} from '../../formats/regf/index.js'
import {cleanFields} from '../common.js'
import type {ParseContext} from '../types.js'
import {infString, type Keys} from './read.js'
import {remoteTool} from './remote-tools.js'
import {ianaForWindowsZone} from './timezones.js'
import {languageOfLcid} from './locale.js'

const USB_TIMES = '{83da6326-97a6-4088-9453-a1923f573b29}'
const BUS_REPORTED = '{540b947e-8b40-45bc-a8a2-6a0b894cbda2}'
const START_TYPES = ['boot', 'system', 'auto', 'demand', 'disabled']

export interface ControlSets {
  current: string
  all: string[]
}

export function controlSets(k: Keys): ControlSets | undefined {
  const root = k.open('')
  const sets = k.subkeys(root).map((s) => s.name).filter((n) => /^ControlSet\d{3}$/i.test(n)).sort()
  if (sets.length === 0) return undefined
  const n = k.num(k.open('Select'), 'Current')
  const want = n !== undefined ? `ControlSet${String(n).padStart(3, '0')}` : undefined
  const current = sets.find((s) => s.toUpperCase() === want?.toUpperCase()) ?? sets[0]!
  return {current, all: sets}
}

export function parseSystem(k: Keys, ctx: ParseContext, role: string): void {
  const cs = controlSets(k)
  if (!cs) {
    ctx.warn('SYSTEM hive without a ControlSet00N key: nothing to read')
    return
  }
  const others = cs.all.filter((s) => s !== cs.current)
  ctx.note?.(`current control set ${cs.current} (Select\\Current)${others.length ? `; also present: ${others.join(', ')} (older state, read for services)` : ''}`)
  timeZone(k, ctx, role, cs.current)
  installLanguage(k, ctx, role, cs.current)
  const seen = new Set<string>()
  for (const set of [cs.current, ...others]) services(k, ctx, role, set, set === cs.current, seen)
  const mounted = mountedDevices(k)
  usb(k, ctx, role, cs.current)
  usbstor(k, ctx, role, cs.current, mounted)
}

function services(k: Keys, ctx: ParseContext, role: string, set: string, current: boolean, seen: Set<string>): void {
  const root = k.open(`${set}\\Services`)
  for (const svc of k.subkeys(root)) {
    const image = k.str(svc, 'ImagePath')
    const display = k.str(svc, 'DisplayName')
    const tool = remoteTool(svc.name, image, display)
    if (!tool) continue
    const id = `${svc.name.toLowerCase()}\0${image ?? ''}`
    if (seen.has(id)) continue
    seen.add(id)
    const start = k.num(svc, 'Start')
    const delayed = k.num(svc, 'DelayedAutostart') === 1
    const startType = start === undefined ? undefined : (START_TYPES[start] ?? String(start)) + (delayed && start === 2 ? ' (delayed)' : '')
    const path = `${set}\\Services\\${svc.name}`
    const lw = k.lastWrite(svc)
    ctx.emit({
      time: lw,
      timeBasis: lw ? 'utc' : 'unknown',
      type: 'service.installed',
      timestampDesc: 'Service key last written (install or last reconfiguration)',
      location: `${role}\\${path}`,
      message: `Service ${svc.name}${display && display !== svc.name ? ` (${display})` : ''}: ${image ?? 'no image path'}${startType ? `, start ${startType}` : ''}${current ? '' : ` [older control set ${set}]`}`,
      fields: cleanFields({
        service_name: svc.name, display_name: display, image_path: image, start_type: startType,
        account: k.str(svc, 'ObjectName'), service_type: k.num(svc, 'Type'), tool, control_set: set,
        current_control_set: current, source: 'SYSTEM Services', time_source: 'key last write',
      }),
      raw: k.raw(svc, path),
    })
  }
}

function timeZone(k: Keys, ctx: ParseContext, role: string, set: string): void {
  const path = `${set}\\Control\\TimeZoneInformation`
  const tz = k.open(path)
  if (!tz) return
  const info = readTimeZone(k, tz)
  const lw = k.lastWrite(tz)
  ctx.note?.(`host time zone: ${info.name ?? '(unnamed)'}${info.bias !== undefined ? ` (${utcOffset(info.bias)})` : ''}${info.iana ? ` = ${info.iana}` : ''}`)
  ctx.emit({
    time: lw,
    timeBasis: lw ? 'utc' : 'unknown',
    type: 'system.timezone',
    timestampDesc: 'Time-zone key last written (last zone change)',
    location: `${role}\\${path}`,
    message: `Host time zone: ${info.name ?? '(unnamed)'}${info.bias !== undefined ? ` (${utcOffset(info.bias)})` : ''}${info.iana ? ` = ${info.iana}` : ''}`,
    fields: cleanFields({
      time_zone: info.name, iana_zone: info.iana, bias_minutes: info.bias, active_bias_minutes: info.activeBias,
      utc_offset: info.bias !== undefined ? utcOffset(info.bias) : undefined, source: 'SYSTEM TimeZoneInformation',
    }),
    raw: k.raw(tz, path),
  })
}

export interface HiveTimeZone {
  name?: string
  iana?: string
  /** Minutes; UTC = local + bias. */
  bias?: number
  activeBias?: number
}

export function readTimeZone(k: Keys, tz: RegKey): HiveTimeZone {
  const name = k.str(tz, 'TimeZoneKeyName') ?? k.str(tz, 'StandardName')
  const signed = (n: number | undefined) => (n === undefined ? undefined : n | 0)
  return {name, iana: ianaForWindowsZone(name), bias: signed(k.num(tz, 'Bias')), activeBias: signed(k.num(tz, 'ActiveTimeBias'))}
}

/** The time zone of a SYSTEM hive's current control set, for the case's zone-less sources. */
export function hiveTimeZone(k: Keys): HiveTimeZone | undefined {
  const cs = controlSets(k)
  const tz = cs && k.open(`${cs.current}\\Control\\TimeZoneInformation`)
  return tz ? readTimeZone(k, tz) : undefined
}

function utcOffset(bias: number): string {
  const off = -bias
  const a = Math.abs(off)
  return `UTC${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}

function installLanguage(k: Keys, ctx: ParseContext, role: string, set: string): void {
  const path = `${set}\\Control\\Nls\\Language`
  const key = k.open(path)
  const lcid = k.str(key, 'InstallLanguage')
  if (!key || !lcid) return
  const lw = k.lastWrite(key)
  ctx.emit({
    time: lw,
    timeBasis: lw ? 'utc' : 'unknown',
    type: 'system.locale',
    timestampDesc: 'Language key last written',
    location: `${role}\\${path}`,
    message: `Windows install language ${lcid}${languageOfLcid(lcid) ? ` (${languageOfLcid(lcid)})` : ''}`,
    fields: cleanFields({lcid, language: languageOfLcid(lcid), setting: 'install_language', source: 'SYSTEM Nls\\Language'}),
    raw: k.raw(key, path),
  })
}

interface DeviceTimes {
  firstInstall: string | null
  lastInstall: string | null
  lastArrival: string | null
  lastRemoval: string | null
}

function deviceTimes(k: Keys, inst: RegKey): DeviceTimes {
  const props = k.open(`Properties\\${USB_TIMES}`, inst)
  const t = (n: string) => k.filetimeValue(props && k.open(n, props))
  return {lastInstall: t('0064'), firstInstall: t('0065'), lastArrival: t('0066'), lastRemoval: t('0067')}
}

function timeChoice(k: Keys, inst: RegKey, times: DeviceTimes): {time: string | null; desc: string} {
  if (times.firstInstall) return {time: times.firstInstall, desc: 'USB device first installed (device property 0065)'}
  if (times.lastArrival) return {time: times.lastArrival, desc: 'USB device last arrival (device property 0066)'}
  return {time: k.lastWrite(inst), desc: 'USB device key last written (not a reliable plug-in time)'}
}

/** Windows-generated instance ids (no serial from the device) contain `&` (`7&2b1b3c&0&1`). */
const generated = (instance: string) => instance.includes('&')

function usb(k: Keys, ctx: ParseContext, role: string, set: string): void {
  const path = `${set}\\Enum\\USB`
  for (const dev of k.subkeys(k.open(path))) {
    const m = /^VID_([0-9A-F]{4})&PID_([0-9A-F]{4})(?:&MI_([0-9A-F]{2}))?/i.exec(dev.name)
    if (!m || m[3] !== undefined) continue // interfaces of composite devices: the parent says it
    const interfaces = k.subkeys(k.open(path)).filter((s) => s.name.toUpperCase().startsWith(dev.name.toUpperCase() + '&MI_')).length
    for (const inst of k.subkeys(dev)) {
      const times = deviceTimes(k, inst)
      const {time, desc} = timeChoice(k, inst, times)
      const bus = k.str(k.open(`Properties\\${BUS_REPORTED}\\0004`, inst), '')
      const deviceDesc = infString(k.str(inst, 'DeviceDesc'))
      const friendly = infString(k.str(inst, 'FriendlyName'))
      const product = bus ?? friendly ?? deviceDesc
      const manufacturer = infString(k.str(inst, 'Mfg'))
      const vid = m[1]!.toLowerCase()
      const pid = m[2]!.toLowerCase()
      const serial = generated(inst.name) ? undefined : inst.name
      const p = `${path}\\${dev.name}\\${inst.name}`
      ctx.emit({
        time,
        timeBasis: time ? 'utc' : 'unknown',
        type: 'usb.device',
        timestampDesc: desc,
        location: `${role}\\${p}`,
        message: `USB device ${vid}:${pid}${product ? ` ${product}` : ''}${manufacturer ? ` (${manufacturer})` : ''}${serial ? `, serial ${serial}` : ''}`,
        fields: cleanFields({
          vid, pid, serial, instance_id: serial ? undefined : inst.name, product, manufacturer, device_desc: deviceDesc,
          friendly_name: friendly, device_class: k.str(inst, 'Class'), service: k.str(inst, 'Service'),
          container_id: k.str(inst, 'ContainerID'), interfaces: interfaces || undefined,
          first_install: times.firstInstall, last_install: times.lastInstall, last_arrival: times.lastArrival,
          last_removal: times.lastRemoval, key_last_write: k.lastWrite(inst), source: 'Enum\\USB',
        }),
        raw: k.raw(inst, p),
      })
    }
  }
}

/** MountedDevices values that name a USBSTOR device: serial (lower case) -> drive letters / volumes. */
function mountedDevices(k: Keys): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const key = k.open('MountedDevices')
  if (!key) return out
  for (const v of k.hive.values(key)) {
    const data = k.hive.data(v)
    if (data.length < 16 || data.length % 2) continue
    const d = decodeValue(1, data)
    if (d.kind !== 'string' || !/^(?:_\?\?_|\\\?\?\\)USBSTOR#/i.test(d.value)) continue
    const parts = d.value.split('#')
    const serial = parts[2]?.replace(/&\d+$/, '').toLowerCase()
    if (!serial) continue
    const name = v.name.replace(/^\\DosDevices\\/i, '')
    out.set(serial, [...(out.get(serial) ?? []), name])
  }
  return out
}

function usbstor(k: Keys, ctx: ParseContext, role: string, set: string, mounted: Map<string, string[]>): void {
  const path = `${set}\\Enum\\USBSTOR`
  for (const dev of k.subkeys(k.open(path))) {
    const m = /^([^&]+)&Ven_([^&]*)&Prod_([^&]*)(?:&Rev_([^&]*))?/i.exec(dev.name)
    if (!m) continue
    for (const inst of k.subkeys(dev)) {
      const base = inst.name.replace(/&\d+$/, '')
      const serial = generated(base) ? undefined : base
      const times = deviceTimes(k, inst)
      const {time, desc} = timeChoice(k, inst, times)
      const manufacturer = m[2]!.replace(/_/g, ' ').trim() || undefined
      const product = m[3]!.replace(/_/g, ' ').trim() || undefined
      const drives = mounted.get(base.toLowerCase())
      const p = `${path}\\${dev.name}\\${inst.name}`
      ctx.emit({
        time,
        timeBasis: time ? 'utc' : 'unknown',
        type: 'usb.device',
        timestampDesc: desc.replace('USB device', 'USB storage device'),
        location: `${role}\\${p}`,
        message: `USB storage ${manufacturer ?? ''} ${product ?? ''}`.replace(/\s+/g, ' ').trim() + `${serial ? `, serial ${serial}` : ''}${drives ? ` [${drives.join(', ')}]` : ''}`,
        fields: cleanFields({
          serial, instance_id: serial ? undefined : inst.name, product, manufacturer, revision: m[4],
          device_class: m[1]!.toLowerCase() === 'cdrom' ? 'cdrom' : 'disk', friendly_name: infString(k.str(inst, 'FriendlyName')),
          mounted_as: drives?.join(', '), first_install: times.firstInstall, last_install: times.lastInstall,
          last_arrival: times.lastArrival, last_removal: times.lastRemoval, key_last_write: k.lastWrite(inst),
          source: 'Enum\\USBSTOR',
        }),
        raw: k.raw(inst, p),
      })
    }
  }
}
