// Keys read in both SOFTWARE and NTUSER.DAT: Uninstall (reference §4.1, through the shared
// program record of src/artifacts/programs/), Run keys (§4.6) and remote-tool traces (§4.7).
import {cleanFields} from '../common.js'
import {emitProgram} from '../programs/record.js'
import type {ParseContext} from '../types.js'
import type {Keys} from './read.js'
import {remoteTool} from './remote-tools.js'

export function uninstallKeys(k: Keys, ctx: ParseContext, role: string, paths: string[], scope: 'machine' | 'user', user?: string): void {
  for (const path of paths) {
    for (const app of k.subkeys(k.open(path))) {
      const p = `${path}\\${app.name}`
      emitProgram(ctx, {
        format: 'registry-hive',
        displayName: k.str(app, 'DisplayName'),
        version: k.str(app, 'DisplayVersion'),
        publisher: k.str(app, 'Publisher'),
        installDate: k.str(app, 'InstallDate'),
        installLocation: k.str(app, 'InstallLocation'),
        uninstallString: k.str(app, 'UninstallString') ?? k.str(app, 'QuietUninstallString'),
        sourceKey: `${role}\\${p}`,
        keyName: app.name,
        keyLastWrite: k.lastWrite(app) ?? undefined,
        scope,
        user,
        extra: {
          time_source: 'Uninstall key last write (install or last update; reorganisation can reset it)',
          system_component: k.num(app, 'SystemComponent') === 1 ? true : undefined,
          windows_installer: k.num(app, 'WindowsInstaller') === 1 ? true : undefined,
          wow6432: /wow6432node/i.test(path) ? true : undefined,
        },
        location: `${role}\\${p}`,
        raw: k.raw(app, p),
      })
    }
  }
}

export function runKeys(k: Keys, ctx: ParseContext, role: string, paths: string[], user?: string): void {
  for (const path of paths) {
    const key = k.open(path)
    if (!key) continue
    const lw = k.lastWrite(key)
    for (const [name, command] of k.pairs(key)) {
      if (command.trim() === '') continue // an empty default value is no autorun
      const tool = remoteTool(name, command)
      ctx.emit({
        time: lw,
        timeBasis: lw ? 'utc' : 'unknown',
        type: 'autorun.entry',
        timestampDesc: 'Run key last written (any of its entries changed)',
        location: `${role}\\${path}`,
        message: `Autorun ${path.split('\\').pop()}: ${name} = ${command}`,
        fields: cleanFields({name, command, run_key: path, tool, user, source: `${role} Run key`}),
        raw: `[${path}] ${name}=${command}`,
      })
    }
  }
}

/** Keys whose mere presence shows a remote-control tool was installed (reference §4.7). */
export function remoteToolTraces(k: Keys, ctx: ParseContext, role: string, paths: string[], user?: string): void {
  for (const path of paths) {
    const key = k.open(path)
    if (!key) continue
    const tool = remoteTool(path)
    if (!tool) continue
    const lw = k.lastWrite(key)
    const sub = k.subkeys(key).map((s) => s.name)
    ctx.emit({
      time: lw,
      timeBasis: lw ? 'utc' : 'unknown',
      type: 'remote_access.registry_trace',
      timestampDesc: 'Remote-tool registry key last written',
      location: `${role}\\${path}`,
      message: `Registry trace of ${tool}: ${path}${sub.length ? ` (subkeys: ${sub.slice(0, 10).join(', ')}${sub.length > 10 ? ', …' : ''})` : ''}`,
      fields: cleanFields({tool, key_path: path, user, subkeys: sub.length, source: `${role} remote-tool key`}),
      raw: k.raw(key, path),
    })
  }
}
