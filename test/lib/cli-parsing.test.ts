// The small parsers behind CLI flags: --from/--to bounds, did-you-mean, --case-info CSV.
import {describe, expect, it} from 'vitest'

import {parseCaseInfo} from '../../src/lib/case-info.js'
import {editDistance, nearest} from '../../src/lib/suggest.js'
import {inRange, parseBound} from '../../src/lib/time-range.js'

describe('--from/--to bounds', () => {
  it('reads UTC, offsets and bare dates; refuses times without a zone', () => {
    expect(parseBound('2026-03-01T22:00:00Z', false)).toBe('2026-03-01T22:00:00.000Z')
    expect(parseBound('2026-03-02T07:00+09:00', false)).toBe('2026-03-01T22:00:00.000Z')
    expect(parseBound('2026-03-02 07:00:00.123456-0130', false)).toBe('2026-03-02T08:30:00.123456Z')
    expect(parseBound('2026-03-01', false)).toBe('2026-03-01T00:00:00.000Z')
    expect(parseBound('2026-03-01', true)).toBe('2026-03-01T23:59:59.999999999Z')
    expect(() => parseBound('2026-03-01T22:00', false)).toThrow(/no zone/)
    expect(() => parseBound('2026-02-30', false)).toThrow(/not a calendar date/)
    expect(() => parseBound('yesterday', false)).toThrow(/not a date/)
  })

  it('keeps events inside the window (bounds inclusive) and events without a time', () => {
    const test = inRange({from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T23:59:59.999999999Z'})!
    expect(test('2026-03-01T00:00:00.000000Z')).toBe(true)
    expect(test('2026-03-01T23:59:59.999999Z')).toBe(true)
    expect(test('2026-02-28T23:59:59.999Z')).toBe(false)
    expect(test('2026-03-02T00:00:00Z')).toBe(false)
    expect(test(null)).toBe(true)
    expect(inRange({})).toBeUndefined()
  })
})

describe('did you mean', () => {
  it('finds typos, not different words', () => {
    expect(editDistance('scna', 'scan')).toBe(1)
    expect(nearest('--outt', ['--out', '--force', '--from'])).toBe('--out')
    expect(nearest('--xyzzy', ['--out', '--force'])).toBeUndefined()
    expect(nearest('indicators lst', ['indicators list', 'indicators validate', 'scan'])).toBe('indicators list')
  })
})

describe('--case-info', () => {
  it('reads case,claimed_tz,host_tz and names line and column of each problem', () => {
    const ok = parseCaseInfo('case,claimed_tz,host_tz\r\n"a, b",America/Chicago,\r\nc,,UTC\r\n', 'info.csv', ['a, b', 'c'])
    expect(ok).toEqual({info: {'a, b': {claimedTz: 'America/Chicago'}, c: {hostTz: 'UTC'}}, errors: []})
    const bad = parseCaseInfo('case,claimed_tz\nx,Mars/Base\ny,UTC\n', 'info.csv', ['x'])
    expect(bad.errors).toEqual([
      'info.csv: line 2: claimed_tz "Mars/Base" of case "x" is not an IANA time zone (e.g. America/Chicago)',
      'info.csv: line 3: no case named "y" in this scan (cases: x)',
    ])
    expect(parseCaseInfo('name,zone\n', 'f.csv', []).errors[0]).toMatch(/header case,claimed_tz,host_tz/)
  })
})
