// AnyDesk system.conf / service.conf / user.conf: `key=value`, split on the first `=` only
// (reference §1.6; artemis's split("=", 2) truncates values). Secrets are redacted on output.
// These files carry no time: their events have `time: null`, never the file's mtime.
import {userFromPath} from '../../evidence/paths.js'
import {decodeText, splitLines} from '../../lib/text.js'
import {cleanFields} from '../common.js'
import type {ArtifactParser} from '../types.js'
import {anydeskConfClaim} from './claims.js'

const SECRET = /(?:^|\.)(?:pwd|pwd_hash|pwd_salt|salt|pkey|cert|token|private_key|secret)$/

interface KeyRule {
  key: RegExp
  setting: string
  describe: (value: string, key: string) => string
  fields: (value: string, key: string) => Record<string, string | number | boolean | undefined>
}

const RULES: KeyRule[] = [
  {key: /^ad\.anynet\.id$/, setting: 'local_id', describe: (v) => `AnyDesk local ID ${v}`, fields: (v) => ({local_id: v})},
  {key: /^ad\.anynet\.alias$/, setting: 'alias', describe: (v) => `AnyDesk alias ${v}`, fields: (v) => ({local_alias: v})},
  {
    key: /^ad\.account\.recent_logged_in_user$/, setting: 'account_email',
    describe: (v) => `AnyDesk account signed in: ${v}`, fields: (v) => ({email: v}),
  },
  {
    key: /^ad\.security\.permission_profiles\._unattended_access\.pwd$/, setting: 'unattended_access',
    describe: () => 'AnyDesk unattended access is configured (a password is set on the _unattended_access profile)',
    fields: () => ({unattended: true}),
  },
  {
    key: /^ad\.anynet\.pwd_hash$/, setting: 'password_set',
    describe: () => 'AnyDesk access password is set (older-style pwd_hash)', fields: () => ({unattended: true}),
  },
  {
    key: /^ad\.security\.permission_profiles\.address_to_profile$/, setting: 'address_to_profile',
    describe: (v) => `AnyDesk remote IDs bound to a permission profile: ${idsOf(v).join(', ')}`,
    fields: (v) => ({remote_id: idsOf(v).join(',')}),
  },
  {
    key: /^ad\.session\.(remote|local)_browser_start_path$/, setting: 'browser_start_path',
    describe: (v, k) => `AnyDesk file manager ${k.includes('remote') ? 'remote' : 'local'} start path: ${v}`,
    fields: (v, k) => ({path: v, side: k.includes('remote') ? 'remote' : 'local'}),
  },
  {key: /^ad\.ui\.lang$/, setting: 'ui_language', describe: (v) => `AnyDesk UI language: ${v}`, fields: (v) => ({language: v})},
  {key: /^ad\.anynet\.last_relay$/, setting: 'last_relay', describe: (v) => `AnyDesk last relay: ${v}`, fields: (v) => ({relay: v})},
  {key: /^ad\.license\.name$/, setting: 'license', describe: (v) => `AnyDesk licence: ${v}`, fields: (v) => ({license: v})},
  {
    key: /^ad\.roster\.(items|favorites)$/, setting: 'address_book',
    describe: (v) => `AnyDesk address book entries: ${idsOf(v).join(', ') || '(none readable)'}`,
    fields: (v) => ({remote_id: idsOf(v).join(',')}),
  },
]

/** AnyDesk IDs (9-10 digits) inside a config value. */
function idsOf(v: string): string[] {
  return [...new Set(v.match(/\b\d{9,10}\b/g) ?? [])]
}

export const anydeskConf: ArtifactParser = {
  ...anydeskConfClaim,

  async parse(input, ctx) {
    const {text} = decodeText(await input.readAll(16 * 1024 * 1024), ctx.text)
    const user = userFromPath(input.info.logicalPath)
    const seen = new Set<string>()
    splitLines(text).forEach((line, i) => {
      const eq = line.indexOf('=')
      if (eq <= 0) return
      const key = line.slice(0, eq).trim()
      const value = line.slice(eq + 1).trim()
      const rule = RULES.find((r) => r.key.test(key))
      if (!rule || value === '') return
      // transcribed configs repeat blocks: one event per key and value
      const dedupe = `${key}=${value}`
      if (seen.has(dedupe)) return
      seen.add(dedupe)
      const secret = SECRET.test(key)
      ctx.emit({
        time: null,
        timeBasis: 'unknown',
        type: 'remote_access.config',
        timestampDesc: 'Configuration (no time)',
        location: `line ${i + 1}`,
        message: rule.describe(value, key),
        fields: cleanFields({tool: 'anydesk', setting: rule.setting, key, ...rule.fields(value, key), user}),
        raw: secret ? `${key}=[redacted]` : line.trim(),
      })
    })
  },
}
