// #14.6: an archive of source files or documents staged shortly before or after termination (the
// extortion pattern in the Secureworks post) is a finding. EXF-08 reports archive staging as
// context; EXF-09 counts the same events only within 14 days of --termination-date.
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {parseCaseInfo} from '../../src/lib/case-info.js'
import {runScan} from '../../src/lib/run-scan.js'
import {tempDir} from '../support/tmp.js'
import {makeZip} from '../support/zip-fixtures.js'

// Splashtop FTCLog.txt row as quoted in remote-access-artifacts.md §3 (Synacktiv via DFIRArtifactMuseum)
const FTCLOG = '2022-09-01 11:42:14 C:\\Users\\lab\\Desktop\\mechant.7z 0.0 KB Upload Completed john doe (123.231.123.231)\r\n'

async function evidence(): Promise<string> {
  const root = tempDir('staging-')
  // a ZIP left in Documents: source files and a customer list (member times 2024-01-02T03:04:05Z, UT extra field)
  const zip = await makeZip([
    {name: 'acme-billing/src/invoice.py', data: 'def total(lines):\n    return sum(l.amount for l in lines)\n'},
    {name: 'acme-billing/src/ledger.ts', data: 'export const ledger = new Map<string, number>()\n'},
    {name: 'acme-billing/LICENSE', data: 'Proprietary. All rights reserved.\n'},
    {name: 'customers/Customer-List-2023.xlsx', data: 'PK\u0003\u0004 not really a workbook'},
  ])
  const files: Record<string, string | Buffer> = {
    'C/Users/bob/Documents/acme-billing-export.zip': zip,
    'C/Program Files (x86)/Splashtop/Splashtop Remote/Server/log/FTCLog.txt': FTCLOG,
  }
  for (const [rel, data] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), {recursive: true})
    writeFileSync(join(root, rel), data)
  }
  return root
}

async function findings(termination?: Record<string, string>) {
  const r = await runScan({evidence: [await evidence()], caseNames: ['bob'], jobs: 1, ...(termination ? {termination} : {})})
  const c = r.cases[0]!
  const byId = new Map(c.events.map((e) => [e.id, e]))
  const of = (id: string) => c.findings.find((f) => f.indicator === id)
  const names = (id: string) => (of(id)?.events ?? []).map((e) => String(byId.get(e)!.fields.file_name))
  return {r, of, names}
}

describe('archive staging around termination (EXF-08, EXF-09)', () => {
  it('without a termination date: EXF-08 context only, saying what EXF-09 needs', async () => {
    const {of, names} = await findings()
    expect(names('EXF-08').sort()).toEqual(['Customer-List-2023.xlsx', 'invoice.py', 'ledger.ts', 'mechant.7z'])
    expect(of('EXF-08')).toMatchObject({weight: 1, category: 'exfiltration'})
    expect(of('EXF-08')!.description).toContain('--termination-date')
    expect(of('EXF-09')).toBeUndefined()
  })

  it('termination 8 days after the ZIP members: EXF-09 on the packed source files and documents', async () => {
    const {r, of, names} = await findings({'*': '2024-01-10'})
    expect(names('EXF-09').sort()).toEqual(['Customer-List-2023.xlsx', 'invoice.py', 'ledger.ts'])
    expect(of('EXF-09')).toMatchObject({weight: 6, first: '2024-01-02T03:04:05.000000Z', last: '2024-01-02T03:04:05.000000Z'})
    expect(r.method?.terminationDate).toEqual({'*': '2024-01-10'})
  })

  it('termination 4 days after the .7z left through Splashtop: EXF-09 on that transfer only', async () => {
    const {names} = await findings({bob: '2022-09-05'})
    expect(names('EXF-09')).toEqual(['mechant.7z'])
  })

  it('a termination date far from every archive: no EXF-09', async () => {
    const {of} = await findings({'*': '2023-03-01'})
    expect(of('EXF-09')).toBeUndefined()
    expect(of('EXF-08')).toBeDefined()
  })

  it('--case-info reads an optional termination_date column and refuses non-dates', () => {
    const ok = parseCaseInfo('case,claimed_tz,host_tz,termination_date\nbob,America/Chicago,,2024-01-10\n', 'info.csv', ['bob'])
    expect(ok).toEqual({info: {bob: {claimedTz: 'America/Chicago', terminationDate: '2024-01-10'}}, errors: []})
    const bad = parseCaseInfo('case,claimed_tz,host_tz,termination_date\nbob,,,2024-02-30\n', 'info.csv', ['bob'])
    expect(bad.errors).toEqual(['info.csv: line 2: termination_date "2024-02-30" of case "bob" is not a date (YYYY-MM-DD)'])
  })
})
