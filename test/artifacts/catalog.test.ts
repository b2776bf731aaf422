// Every registered artifact kind has its paths and formats in the catalogue (`dprk-triage
// artifacts`); a new parser without an entry fails here.
import {describe, expect, it} from 'vitest'

import {ARTIFACT_CATALOG} from '../../src/artifacts/catalog.js'
import {allKinds, kindsMatching, selectKinds} from '../../src/artifacts/kinds.js'

describe('artifact catalogue and kind selection', () => {
  it('describes every kind, and nothing else', () => {
    for (const k of allKinds()) {
      expect(ARTIFACT_CATALOG[k]?.paths.length, k).toBeGreaterThan(0)
      expect(ARTIFACT_CATALOG[k]?.formats.length, k).toBeGreaterThan(0)
    }
    expect(Object.keys(ARTIFACT_CATALOG).sort()).toEqual(allKinds().sort())
  })

  it('selects by kind, family or family.*, and names the nearest kind on a typo', () => {
    expect(kindsMatching('browser')).toEqual(kindsMatching('browser.*'))
    expect(kindsMatching('anydesk.conf')).toEqual(['anydesk.conf'])
    expect(selectKinds(undefined, undefined)).toBeUndefined()
    const sel = selectKinds(['anydesk,crd'], ['anydesk.conf'])!
    expect(sel).toContain('anydesk.trace')
    expect(sel).toContain('crd.syslog')
    expect(sel).not.toContain('anydesk.conf')
    expect(() => kindsMatching('teamveiwer')).toThrow(/did you mean teamviewer\?/)
    expect(() => selectKinds(['anydesk.conf'], ['anydesk'])).toThrow(/no artifact kind left/)
  })
})
