// Chrome Remote Desktop host configuration (reference §2.1 "Config", §2.2, §2.3):
// Windows `ProgramData/Google/Chrome Remote Desktop/host.json`, Linux
// `~/.config/chrome-remote-desktop/host#<md5(hostname)>.json` (older builds: `auth.json`),
// macOS `/Library/PrivilegedHelperTools/org.chromium.chromoting.json`. Keys: host_id, host_name,
// host_owner (e-mail), xmpp_login / service_account, host_secret_hash (PIN hash), private_key,
// oauth_refresh_token. Secrets are redacted in `raw`. No time in these files: `time: null`.
import {userFromPath} from '../../evidence/paths.js'
import {decodeText} from '../../lib/text.js'
import {cleanFields} from '../common.js'
import type {ArtifactParser} from '../types.js'
import {crdHostConfigClaim} from './claims.js'
import {TOOL} from './sessions.js'

const SECRET_KEY = /(?:secret|token|private|password|pin|key_?pair)/i
const KEYS = ['host_id', 'host_name', 'host_owner', 'host_owner_email', 'xmpp_login', 'service_account', 'usage_stats_consent'] as const

/** Copy of the config with every secret value replaced by a marker (nested objects too). */
export function redactConfig(v: unknown, depth = 0): unknown {
  if (depth > 8) return '[nested too deep]'
  if (Array.isArray(v)) return v.slice(0, 100).map((x) => redactConfig(x, depth + 1))
  if (!v || typeof v !== 'object') return v
  const out: Record<string, unknown> = {}
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    out[k] = SECRET_KEY.test(k) && x !== null && x !== '' ? `[redacted ${typeof x === 'string' ? x.length + ' characters' : typeof x}]` : redactConfig(x, depth + 1)
  }
  return out
}

/** Plain string values of known keys from text that is not valid JSON (truncated copy). */
function salvage(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const k of KEYS) {
    const m = new RegExp(`"${k}"\\s*:\\s*"([^"\\\\]{0,500})"`).exec(text)
    if (m) out[k] = m[1]!
  }
  return out
}

export const crdHostConfig: ArtifactParser = {
  ...crdHostConfigClaim,

  async parse(input, ctx) {
    const {text} = decodeText(await input.readAll(1024 * 1024), ctx.text)
    let obj: Record<string, unknown>
    let salvaged = false
    try {
      const v = JSON.parse(text) as unknown
      if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not a JSON object')
      obj = v as Record<string, unknown>
    } catch (error) {
      ctx.warn(`not valid JSON (${(error as Error).message.slice(0, 120)}); plain values were recovered by pattern`)
      obj = salvage(text)
      salvaged = true
    }
    const s = (k: string) => (typeof obj[k] === 'string' ? (obj[k] as string) : typeof obj[k] === 'number' || typeof obj[k] === 'boolean' ? String(obj[k]) : undefined)
    const owner = s('host_owner') ?? s('host_owner_email')
    const login = s('xmpp_login')
    const email = owner ?? login
    if (!email && !s('host_id')) return
    const name = s('host_name')
    const raw = salvaged ? JSON.stringify(obj) : JSON.stringify(redactConfig(obj))
    ctx.emit({
      time: null, timeBasis: 'unknown', type: 'remote_access.config', timestampDesc: 'Configuration (no time)',
      location: 'file', raw,
      message: `Chrome Remote Desktop host${name ? ` "${name}"` : ''}${s('host_id') ? ` (id ${s('host_id')})` : ''}${email ? ` owned by ${email}` : ''}`,
      fields: cleanFields({
        tool: TOOL, setting: 'host_config', email, host_owner: owner, xmpp_login: login !== owner ? login : undefined,
        host_name: name, host_id: s('host_id'), service_account: s('service_account'),
        usage_stats_consent: typeof obj.usage_stats_consent === 'boolean' ? obj.usage_stats_consent : undefined,
        pin_set: typeof obj.host_secret_hash === 'string' && obj.host_secret_hash !== '' ? true : undefined,
        user: userFromPath(input.info.logicalPath),
      }),
    })
  },
}
