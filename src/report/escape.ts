// Escaping, defanging and display helpers shared by the HTML, Markdown and CSV writers. Every
// string that comes from evidence is attacker-controlled (reference ecosystem-and-style.md §5).

// ---- invisible characters -------------------------------------------------------------------

/**
 * Characters that do not print or that reorder text: C0/C1 controls and DEL (Cc), format
 * characters such as bidi overrides, zero-width joiners and the BOM (Cf), line/paragraph
 * separators (Zl, Zp), lone surrogates (Cs) and the invisible Hangul fillers used for spoofing.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\u115f\u1160\u3164\uffa0]/u
const INVISIBLE_G = new RegExp(INVISIBLE.source, 'gu')

/** A visible stand-in: the Unicode control pictures for C0 and DEL (␀ ␉ ␊ ␛ ␡), `⟨U+202E⟩` otherwise. */
export function controlPicture(ch: string): string {
  const cp = ch.codePointAt(0)!
  if (cp < 0x20) return String.fromCharCode(0x2400 + cp)
  if (cp === 0x7f) return '\u2421'
  return `\u27e8U+${cp.toString(16).toUpperCase().padStart(4, '0')}\u27e9`
}

/** Makes every non-printing or bidi character visible, so text shows as stored and cannot reorder. */
export function visibleControls(s: string): string {
  return INVISIBLE.test(s) ? s.replace(INVISIBLE_G, controlPicture) : s
}

// ---- length caps ----------------------------------------------------------------------------

/** Formats an integer with thousands separators, independent of the process locale. */
export function fmtInt(n: number): string {
  const s = String(Math.trunc(Math.abs(n)))
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Cuts `s` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function cutAt(s: string, max: number): string {
  if (s.length <= max) return s
  let end = Math.max(0, max)
  const c = s.charCodeAt(end - 1)
  if (end > 0 && c >= 0xd800 && c <= 0xdbff) end--
  return s.slice(0, end)
}

/** Display cap for reports: long evidence values are cut with a visible marker that says where the rest is. */
export function capForDisplay(s: string, max: number): string {
  if (s.length <= max) return s
  const head = cutAt(s, max)
  return `${head}\u2026 [cut: ${fmtInt(s.length - head.length)} more characters; full value in the JSON/JSONL/CSV export]`
}

// ---- defanging ------------------------------------------------------------------------------

/** Schemes that are defanged; http/ftp get the usual hxxp/fxp, the others a bracketed colon. */
const SCHEMES = 'https?|ftps?|sftp|wss?|file|smb|javascript|vbscript|data|mailto'
/**
 * A host-like token: dot-separated labels ending in a label that could be a top-level domain
 * (letters, or an IDNA `xn--` label). Linkifiers know hundreds of TLDs and new ones appear
 * (`.zip`, `.mov`), so every such token from evidence is defanged, not those of a list: file
 * names (`NTUSER[.]DAT`) are defanged too, which is harmless. Underscores count as label
 * characters because linkifiers accept them in hosts.
 */
const LABEL = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}_])?`
const HOSTLIKE = String.raw`(?<![\p{L}\p{N}_\-/\\@.:])((?:${LABEL}\.)+(?:xn--[a-z0-9-]{1,59}|\p{L}{2,63}))(?![\p{L}\p{N}_-]|\.[\p{L}\p{N}_-])`
const DEFANG = new RegExp(
  [
    `\\b(${SCHEMES}):(\\/\\/[^\\s<>"'\`]*|[^\\s<>"'\`]*)`, // 1, 2: scheme URLs
    `\\b(www\\.[^\\s<>"'\`/]+)`, // 3: www. hosts (GFM extended autolink)
    `([\\w.+-]+@)([\\p{L}\\p{N}_-]+(?:\\.[\\p{L}\\p{N}_-]+)+)`, // 4, 5: e-mail addresses (GFM autolinks them)
    HOSTLIKE, // 6: bare hosts (`bit.ly/abc`, `evil.fr/x`)
  ].join('|'),
  'giu',
)

const dots = (host: string) => host.replace(/\./g, '[.]')

function defangScheme(scheme: string): string {
  const s = scheme.toLowerCase()
  if (s === 'http' || s === 'https') return scheme.replace(/t/gi, 'x') + ':'
  if (s === 'ftp' || s === 'ftps') return scheme.replace(/t/i, 'x') + ':'
  return `${scheme}[:]`
}

/** `https://drive.google.com/x` → `hxxps://drive[.]google[.]com/x`; `javascript:alert(1)` → `javascript[:]alert(1)`. */
export function defangUrl(url: string): string {
  return defangText(url)
}

/** Defangs every URL, www. host, e-mail domain and host-like token inside free text (the one defang of HTML and Markdown). */
export function defangText(s: string): string {
  return s.replace(DEFANG, (m, scheme?: string, rest?: string, www?: string, local?: string, mailDomain?: string, domain?: string) => {
    if (scheme !== undefined) {
      const r = rest ?? ''
      if (!r.startsWith('//')) return defangScheme(scheme) + defangText(r)
      // the authority is what a linkifier resolves: bracket its dots, keep the path readable
      const end = r.slice(2).search(/[/?#]/)
      const authority = end < 0 ? r.slice(2) : r.slice(2, 2 + end)
      const tail = end < 0 ? '' : r.slice(2 + end)
      return `${defangScheme(scheme)}//${dots(authority)}${tail}`
    }
    if (www !== undefined) return dots(www)
    if (local !== undefined) return local + dots(mailDomain!)
    if (domain !== undefined) return dots(domain)
    return m
  })
}

// ---- HTML -----------------------------------------------------------------------------------

const HTML_ESC: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/** Text and quoted-attribute escaping (§5.1: `& < > " '` is enough when all attributes are quoted). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESC[c]!)
}

const HTML_TEXT = new RegExp(`[&<>"']|${INVISIBLE.source}`, 'gu')

/** Escapes for HTML and shows invisible characters as marked control pictures. */
export function escapeHtmlVisible(s: string): string {
  return s.replace(HTML_TEXT, (c) => HTML_ESC[c] ?? `<span class="cc">${controlPicture(c)}</span>`)
}

// ---- Markdown -------------------------------------------------------------------------------

/**
 * One line of inline GitHub-flavoured Markdown that renders as literal text in GitHub, VS Code and
 * pandoc. `\` is escaped first so a trailing backslash cannot cancel the `\|` that follows (§5.2);
 * `< > &` become entities so no raw HTML or entity survives; `$ ^ ~` stop math, super/subscript
 * and strike-through; a leading `#`, `-`, `+`, `=` or `1. ` would start a block inside a list item.
 */
export function escapeMarkdown(s: string): string {
  let out = visibleControls(s).replace(/\\/g, '\\\\')
  out = out.replace(/[|`*_[\]~$^]/g, (c) => `\\${c}`)
  out = out.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
  // block starts matter only at the start of a line or list item; escaping them there is harmless
  out = out.replace(/^(\s*)([#+=-])/, '$1\\$2').replace(/^(\s*\d{1,9})([.)])(?=\s|$)/, '$1\\$2')
  return out
}

// ---- CSV ------------------------------------------------------------------------------------

/** Excel's cell limit (reference §1.6 and §5.3). */
export const CSV_CELL_MAX = 32_767

/** Characters that make a spreadsheet read a cell as a formula (§5.3: OWASP ASVS 1.2.10, CWE-1236). */
const FORMULA_START = /^[=+\-@\t\r\0]/

export function isFormulaLike(s: string): boolean {
  return FORMULA_START.test(s)
}

/** Prefixes `'` so spreadsheets show the value as text; applied to string cells only. */
export function neutraliseFormula(s: string): string {
  return isFormulaLike(s) ? `'${s}` : s
}

/** Cuts a cell to the 32,767-character limit, the visible marker included. */
export function capCell(s: string, max = CSV_CELL_MAX): {text: string; cut: boolean} {
  if (s.length <= max) return {text: s, cut: false}
  const marker = (n: number) => `\u2026[cut by dprk-triage: ${n} more characters]`
  // the marker's own length depends on the count; two passes settle it
  let head = cutAt(s, max - marker(s.length).length)
  head = cutAt(s, max - marker(s.length - head.length).length)
  return {text: head + marker(s.length - head.length), cut: true}
}

/** RFC 4180 §2.5-2.7: every field quoted, quotes doubled; CR/LF stay inside the quotes. */
export function quoteCsv(s: string): string {
  return `"${s.replace(/"/g, '""')}"`
}
