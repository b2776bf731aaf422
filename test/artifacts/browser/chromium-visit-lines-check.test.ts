// The check of the first lines built in SQL (chromium-visit-lines.ts): when the line writer and the
// SQL text disagree (here the writer is made to write visit lines differently), the line of the
// event is kept, the artifact says so in a note, and every visit after it is read as an event.
import {join} from 'node:path'

import {describe, expect, it, vi} from 'vitest'

import {scanCase} from '../../../src/lib/scan-case.js'
import {timesketchLine} from '../../../src/report/timesketch-line.js'
import {tempDir} from '../../support/tmp.js'
import {createChromiumV70, insertUrl, insertVisit} from './build-db.js'

vi.mock('../../../src/report/timesketch-line.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../src/report/timesketch-line.js')>()
  return {...real, timesketchLine: (caseId: string, e: Parameters<typeof real.timesketchLine>[1]) => real.timesketchLine(caseId, e).replace('"tag":[]', '"tag": []')}
})

describe('lines built in SQL that differ from the event line', () => {
  it('are replaced by the event line, said in a note, and the rest is read as events', async () => {
    const evidence = join(tempDir('visit-check-'), 'case')
    const db = createChromiumV70(join(evidence, 'Users', 'w', 'AppData', 'Local', 'Google', 'Chrome', 'User Data', 'Default', 'History'))
    const t0 = 13_348_540_800_000_000n
    insertUrl(db, 1, 'https://example.com/', 'Example', t0)
    for (let i = 1; i <= 100; i++) insertVisit(db, {id: i, urlId: 1, time: t0 + BigInt(i) * 1_000_000n, transition: 805306368})
    db.close()
    const out: Array<{way: string; line: string}> = []
    const scanned = await scanCase(evidence, {
      caseId: 'c', match: () => {},
      onEvent: (e) => void out.push({way: 'event', line: timesketchLine('c', e) + '\n'}),
      lines: {quiet: () => true, add: (_t, line) => void out.push({way: 'sql', line})},
    })
    const visits = out.filter((x) => x.line.includes('browser.visit'))
    expect(visits).toHaveLength(100)
    // the first line came through add, as the event writes it; the other 99 as events
    expect(visits[0]).toEqual({way: 'sql', line: expect.stringContaining('"tag": []')})
    expect(visits.slice(1).every((x) => x.way === 'event' && x.line.includes('"tag": []'))).toBe(true)
    expect(scanned.artifacts[0]!.notes).toEqual([expect.stringMatching(/^visits: a line built in SQL differs from the event's .*the visits after it were read as events$/)])
    expect(scanned.artifacts[0]!.events).toBe(100)
  })
})
