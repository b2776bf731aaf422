// LINK_FIELDS and IDENTITY_FIELDS must name every field linkValues and identityValues read: a
// parser that writes lines itself (LineSink) relies on them to know that events without those
// fields carry no link or identity value (#17).
import {describe, expect, it} from 'vitest'

import {LINK_FIELDS, linkValues} from '../../src/analysis/links.js'
import {IDENTITY_FIELDS, identityValues} from '../../src/analysis/same-host.js'
import type {TimelineEvent} from '../../src/lib/model.js'

/** An event whose every field has a value that takes the readers down their longest paths; the names read are recorded. */
function probe(tool: string | undefined, value: string): {e: TimelineEvent; read: Set<string>} {
  const read = new Set<string>()
  const fields = new Proxy({} as Record<string, string>, {
    get: (_t, k) => (typeof k === 'string' ? (read.add(k), k === 'tool' ? tool : value) : undefined),
    has: (_t, k) => (typeof k === 'string' ? (read.add(k), k !== 'tool' || tool !== undefined) : false),
  })
  const e = {id: 'e', time: null, timeBasis: 'unknown', type: 't', timestampDesc: 'd', artifact: 'a', location: 'l', message: 'm', fields, indicators: []} as unknown as TimelineEvent
  return {e, read}
}

describe('the fields link and identity values are read from', () => {
  const tools = [undefined, 'anydesk', 'teamviewer', 'chrome_remote_desktop', 'rustdesk']
  const values = ['203.0.113.7', '123456789', 'a@b.example', 'host/x', 'Name']
  const readers = [['linkValues', linkValues, LINK_FIELDS], ['identityValues', identityValues, IDENTITY_FIELDS]] as const
  it.each(readers.flatMap(([name, read, names]) => tools.map((tool) => [name, tool, read, names] as const)))('%s reads only the fields it lists (tool %s)', (_name, tool, readValues, names) => {
    let found = 0
    for (const v of values) {
      const {e, read} = probe(tool, v)
      found += readValues(e).length
      expect([...read].filter((k) => !names.includes(k))).toEqual([])
    }
    expect(found).toBeGreaterThan(0)
  })
})
