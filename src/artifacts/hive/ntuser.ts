// NTUSER.DAT: per-user Uninstall (reference §4.1), keyboard layouts and input methods (§4.4,
// LNG-* context only), Run keys (§4.6), remote-tool keys (§4.7) and the RDP client MRU (§4.8).
import {cleanFields} from '../common.js'
import type {ParseContext} from '../types.js'
import {remoteToolTraces, runKeys, uninstallKeys} from './common-keys.js'
import {inputMethodOf, languageOfLcid} from './locale.js'
import type {Keys} from './read.js'

export function parseNtuser(k: Keys, ctx: ParseContext, role: string, user?: string): void {
  uninstallKeys(k, ctx, role, ['Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall'], 'user', user)
  keyboardLayouts(k, ctx, role, user)
  userLanguages(k, ctx, role, user)
  runKeys(k, ctx, role, ['Software\\Microsoft\\Windows\\CurrentVersion\\Run', 'Software\\Microsoft\\Windows\\CurrentVersion\\RunOnce'], user)
  remoteToolTraces(k, ctx, role, ['Software\\TeamViewer', 'Software\\AnyDesk', 'Software\\RustDesk', 'Software\\Splashtop Inc.', 'Software\\ScreenConnect'], user)
  rdpClient(k, ctx, role, user)
}

function keyboardLayouts(k: Keys, ctx: ParseContext, role: string, user?: string): void {
  const path = 'Keyboard Layout\\Preload'
  const key = k.open(path)
  if (!key) return
  const subs = new Map(k.pairs(k.open('Keyboard Layout\\Substitutes') ?? key).map(([n, v]) => [n.toLowerCase(), v]))
  const lw = k.lastWrite(key)
  const entries = k.pairs(key).filter(([n]) => /^\d+$/.test(n)).sort((a, b) => Number(a[0]) - Number(b[0]))
  for (const [order, klid] of entries) {
    const substitute = k.open('Keyboard Layout\\Substitutes') ? subs.get(klid.toLowerCase()) : undefined
    const language = languageOfLcid(klid)
    ctx.emit({
      time: lw,
      timeBasis: lw ? 'utc' : 'unknown',
      type: 'system.locale',
      timestampDesc: 'Keyboard layout list last written',
      location: `${role}\\${path}`,
      message: `Keyboard layout ${order}: ${klid}${language ? ` (${language})` : ''}${substitute ? `, substituted by ${substitute}` : ''}`,
      fields: cleanFields({keyboard_layout: klid, layout_order: Number(order), substitute, language, user, setting: 'keyboard_layout', source: 'NTUSER Keyboard Layout\\Preload'}),
      raw: `[${path}] ${order}=${klid}`,
    })
  }
}

function userLanguages(k: Keys, ctx: ParseContext, role: string, user?: string): void {
  const path = 'Control Panel\\International\\User Profile'
  const prof = k.open(path)
  if (!prof) return
  for (const lang of k.subkeys(prof)) {
    const lw = k.lastWrite(lang)
    for (const [name] of k.pairs(lang)) {
      const ime = inputMethodOf(name)
      if (!ime) continue
      const language = lang.name
      ctx.emit({
        time: lw,
        timeBasis: lw ? 'utc' : 'unknown',
        type: 'system.locale',
        timestampDesc: 'User language profile last written',
        location: `${role}\\${path}\\${lang.name}`,
        message: `Input ${ime.name ?? (ime.tip ? 'method ' + ime.tip : 'layout')} for ${language}${languageOfLcid(ime.langid) ? ` (${languageOfLcid(ime.langid)})` : ''}`,
        fields: cleanFields({language, langid: ime.langid, input_method: ime.name, tip: ime.tip, input_profile: name, user, setting: 'input_method', source: 'NTUSER International\\User Profile'}),
        raw: `[${path}\\${lang.name}] ${name}`,
      })
    }
  }
}

function rdpClient(k: Keys, ctx: ParseContext, role: string, user?: string): void {
  const base = 'Software\\Microsoft\\Terminal Server Client'
  const def = k.open(`${base}\\Default`)
  if (def) {
    const lw = k.lastWrite(def)
    for (const [name, host] of k.pairs(def).filter(([n]) => /^MRU\d+$/i.test(n))) {
      ctx.emit({
        time: lw, timeBasis: lw ? 'utc' : 'unknown', type: 'rdp.client_mru', timestampDesc: 'RDP client MRU last written',
        location: `${role}\\${base}\\Default`, message: `Outgoing RDP target ${name}: ${host}`,
        fields: cleanFields({host, mru: name, tool: 'rdp', user, source: 'NTUSER Terminal Server Client'}),
        raw: `[${base}\\Default] ${name}=${host}`,
      })
    }
  }
  for (const srv of k.subkeys(k.open(`${base}\\Servers`))) {
    const lw = k.lastWrite(srv)
    const hint = k.str(srv, 'UsernameHint')
    ctx.emit({
      time: lw, timeBasis: lw ? 'utc' : 'unknown', type: 'rdp.client_mru', timestampDesc: 'RDP server key last written (about the last connection)',
      location: `${role}\\${base}\\Servers\\${srv.name}`, message: `Outgoing RDP to ${srv.name}${hint ? ` as ${hint}` : ''}`,
      fields: cleanFields({host: srv.name, username_hint: hint, tool: 'rdp', user, source: 'NTUSER Terminal Server Client'}),
      raw: k.raw(srv, `${base}\\Servers\\${srv.name}`),
    })
  }
}
