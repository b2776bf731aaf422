// The common shape of a routine trace line as one regular expression over the latin1 view of a
// chunk (one char per byte): irregexp compiles it to native code, ~2x fewer instructions a line
// than the byte checks of RoutineLines in JavaScript (issue #17). It only has to be narrower
// than those checks: a line it does not match gets them (test: "never matches a line the byte
// checks keep").
import type {MessageKeys} from './trace-grammar.js'

/** The levels of AD_LINE. */
export const TRACE_LEVELS = ['info', 'warning', 'error', 'debug', 'fatal', 'trace', 'auth', 'explode']

const hex = (c: number) => `\\x${c.toString(16).padStart(2, '0')}`
const literal = (s: string) => [...s].map((ch) => hex(ch.charCodeAt(0))).join('')
/** ASCII letters in either case (the byte checks fold ASCII only), anything else as is. */
const folded = (s: string) => [...s].map((ch) => (ch.toLowerCase() !== ch.toUpperCase() ? `[${hex(ch.toLowerCase().charCodeAt(0))}${hex(ch.toUpperCase().charCodeAt(0))}]` : literal(ch))).join('')

/**
 * One LF-ended line (CR LF too): level, time, the columns in one of the grammar's layouts (proc,
 * optional thread, pid, tid, optional fiber, a component of [\w.] only, so no dash can come
 * before the separator), then " - " and a message that starts with no key, a digit or a dash,
 * and holds no NUL, CR, U+2028/2029 (E2 80 A8/A9) or `contains` literal (/i ones in any ASCII
 * case). The lines the byte checks call routine outside this shape (empty ones, tabs, other
 * layouts) are rare: they are left to them.
 */
export function routineLinePattern(keys: MessageKeys): string {
  // the bytes a literal of the message starts with, each with what must not follow it
  const after = new Map<number, string[]>()
  const add = (c: number, rest: string) => after.set(c, [...(after.get(c) ?? []), rest])
  for (const c of keys.contains) {
    const rest = c.ci ? folded(c.text.slice(1)) : literal(c.text.slice(1))
    const first = c.text[0]!
    const cases = c.ci ? new Set([first.toLowerCase(), first.toUpperCase()]) : new Set([first])
    for (const f of cases) add(f.charCodeAt(0), rest)
  }
  add(0xe2, '\\x80[\\xa8\\xa9]')
  const plain = `[^\\n\\r\\x00${[...after.keys()].map(hex).join('')}]`
  const special = [...after].map(([c, rests]) => `${hex(c)}(?!${rests.join('|')})`).join('|')
  // the loop unrolled: plain bytes in one greedy class loop, the rare first bytes in between
  const message = `${plain}*(?:(?:${special})${plain}*)*`
  const notFirst = [...keys.starts.map(literal), '\\d', '-'].join('|')
  return ` *(?:${TRACE_LEVELS.join('|')}) +\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d` +
    // each optional column with the spaces after it: the padding before is read once, not again
    // when the column is absent (9 % fewer instructions on the 64 MiB slice, callgrind)
    ' +[A-Za-z_]\\w* +(?:[A-Za-z_][\\w.-]* +)?\\d+ +\\d+ +(?:\\d+ +)?[\\w.]+' +
    ` -(?: (?!${notFirst})${message})?\\r?\\n`
}
