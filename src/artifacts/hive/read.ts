// Small typed reads of key values for the artifact modules (decoding rules: reference §3.5).
import {decodeValue, filetimeFromData, filetimeToIso, type Hive, type RegKey} from '../../formats/regf/index.js'

export class Keys {
  constructor(readonly hive: Hive) {}

  open(path: string, from?: RegKey): RegKey | undefined {
    return this.hive.open(path, from)
  }

  subkeys(k: RegKey | undefined): RegKey[] {
    return k ? this.hive.subkeys(k) : []
  }

  /** A string value (REG_SZ/EXPAND_SZ/LINK, DEVPROP string; a MULTI_SZ joined), trimmed; undefined if absent or empty. */
  str(k: RegKey | undefined, name: string): string | undefined {
    if (!k) return undefined
    const v = this.hive.findValue(k, name)
    if (!v) return undefined
    const d = decodeValue(v.type, this.hive.data(v))
    const s = d.kind === 'string' ? d.value : d.kind === 'multi' ? d.value.join(' | ') : d.kind === 'dword' ? String(d.value) : undefined
    const t = s?.trim()
    return t ? t : undefined
  }

  multi(k: RegKey | undefined, name: string): string[] | undefined {
    if (!k) return undefined
    const v = this.hive.findValue(k, name)
    if (!v) return undefined
    const d = decodeValue(v.type, this.hive.data(v))
    return d.kind === 'multi' ? d.value : d.kind === 'string' ? [d.value] : undefined
  }

  /** A DWORD (or a decimal string, as some installers write) as a number. */
  num(k: RegKey | undefined, name: string): number | undefined {
    if (!k) return undefined
    const v = this.hive.findValue(k, name)
    if (!v) return undefined
    const d = decodeValue(v.type, this.hive.data(v))
    if (d.kind === 'dword') return d.value
    if (d.kind === 'qword') return Number(d.value)
    if (d.kind === 'string' && /^\d+$/.test(d.value.trim())) return Number(d.value.trim())
    return undefined
  }

  bytes(k: RegKey | undefined, name: string): Buffer | undefined {
    if (!k) return undefined
    const v = this.hive.findValue(k, name)
    return v ? this.hive.data(v) : undefined
  }

  /** Every value of a key as [name, text] (for `raw`). */
  pairs(k: RegKey): Array<[string, string]> {
    return this.hive.values(k).map((v) => {
      const d = decodeValue(v.type, this.hive.data(v))
      const t = d.kind === 'string' ? d.value : d.kind === 'multi' ? d.value.join(' | ') : d.kind === 'dword' || d.kind === 'qword' ? String(d.value) : d.value.subarray(0, 64).toString('hex')
      return [v.name || '(default)', t]
    })
  }

  raw(k: RegKey, path: string): string {
    return `[${path}] ` + this.pairs(k).map(([n, t]) => `${n}=${t}`).join('; ')
  }

  lastWrite(k: RegKey): string | null {
    return filetimeToIso(k.lastWrite)
  }

  /** A FILETIME stored as a key's default value (USB `Properties\{guid}\00NN`). */
  filetimeValue(k: RegKey | undefined): string | null {
    if (!k) return null
    const v = this.hive.findValue(k, '')
    return v ? filetimeFromData(this.hive.data(v)) : null
  }
}

/** `@oem12.inf,%desc%;PiKVM Composite Device` -> the text after the resource reference. */
export function infString(s: string | undefined): string | undefined {
  if (s === undefined) return undefined
  const i = s.startsWith('@') ? s.lastIndexOf(';') : -1
  const t = (i >= 0 ? s.slice(i + 1) : s).trim()
  return t || undefined
}
