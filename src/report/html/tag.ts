// A tagged template that escapes every interpolation unless it is already markup, so escaping is
// the default (reference ecosystem-and-style.md §5.1 and item 16).
import {capForDisplay, defangText, escapeHtml, escapeHtmlVisible, visibleControls} from '../escape.js'

/** Markup that is already safe to insert. Only this module and the section renderers build it. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

export type Part = Html | string | number | boolean | null | undefined | readonly Part[]

function render(p: Part): string {
  if (p === null || p === undefined || p === false) return ''
  if (p instanceof Html) return p.value
  if (Array.isArray(p)) return (p as readonly Part[]).map(render).join('')
  // safe in text and quoted attributes alike; invisible characters become control pictures
  return escapeHtml(visibleControls(String(p)))
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!
  return new Html(out)
}

export const raw = (s: string): Html => new Html(s)

/**
 * The tool's own text read back from a report (parser titles): capped, escaped and invisible
 * characters shown like evidence, but not defanged (`places.sqlite` is a file name, not a domain).
 */
export function toolText(s: string, max: number): Html {
  return new Html(escapeHtmlVisible(capForDisplay(s, max)))
}

/**
 * Evidence text: capped for display, URLs and domains defanged, escaped, and invisible
 * characters shown as marked control pictures (`<span class="cc">␛</span>`).
 */
export function ev(s: string | number | boolean | null | undefined, max = 2000): Html {
  if (s === null || s === undefined) return new Html('')
  return new Html(escapeHtmlVisible(defangText(capForDisplay(String(s), max))))
}
