// The JSON cursor under saved-report.ts: values split across read chunks, escapes and brackets
// inside strings, offsets that can be returned to, and broken input reported with its byte offset.
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterAll, describe, expect, it} from 'vitest'

import {JsonCursor, JsonSyntaxError} from '../../src/report/json-cursor.js'

const dir = mkdtempSync(join(tmpdir(), 'dprk-cursor-'))
afterAll(() => rmSync(dir, {recursive: true, force: true}))
const file = (name: string, text: string) => {
  const p = join(dir, name)
  writeFileSync(p, text)
  return p
}

describe('JsonCursor', () => {
  const tricky = ['a "quoted" {brace} [bracket] \\ back', 'ünï\u2028cödé 北朝鮮', 'x'.repeat(600_000), '\\"]}', '']
  const doc = {n: -1.5e3, t: true, z: null, s: tricky, o: {deep: [[{k: '}'}]], e: []}, last: 'end'}

  for (const [layout, text] of [['pretty', JSON.stringify(doc, null, 2)], ['compact', JSON.stringify(doc)], ['spaced', JSON.stringify(doc, null, '\t\r\n ')]]) {
    it(`walks and parses every value (${layout}, values across 256 KiB chunks)`, () => {
      const c = new JsonCursor(file(`${layout}.json`, text))
      const got: Record<string, unknown> = {}
      let sAt = -1
      c.object((k) => {
        if (k === 's') {
          c.peek()
          sAt = c.pos
          c.skip()
        } else got[k] = c.value()
      })
      expect(got).toEqual({n: doc.n, t: true, z: null, o: doc.o, last: 'end'})
      c.seek(sAt)
      expect([...c.items()]).toEqual(tricky)
      c.close()
    })
  }

  it('reports broken input with the byte offset', () => {
    for (const text of ['{"a": [1, 2', '{"a" 1}', '{"a": "unterminated']) {
      const c = new JsonCursor(file('bad.json', text))
      expect(() => c.object(() => c.value())).toThrow(JsonSyntaxError)
      c.close()
    }
    const c = new JsonCursor(file('bad2.json', '{"a": 1 "b": 2}'))
    expect(() => c.object(() => c.value())).toThrow(/at byte 8: expected "}"/)
    c.close()
  })
})
