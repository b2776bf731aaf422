// Recognition across all program-list parsers (and next to the AnyDesk parsers): every fixture
// is claimed by the parser meant for it, files inside a collection ZIP are read at their
// natural paths, and none of the program parsers claims a real corpus file that is not a list.
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {PROGRAM_PARSERS} from '../../../src/artifacts/programs/index.js'
import {PARSERS} from '../../../src/artifacts/registry.js'
import {corpusPath, HAS_CORPUS, ROOT} from '../../support/corpus.js'
import {scanWith} from '../../support/run-parser.js'
import {makeZip} from '../../support/zip-fixtures.js'
import {evidence, fixture, utf16} from './helpers.js'

describe('program-list recognition', () => {
  it('each fixture goes to its parser, by content, whatever the file is called', async () => {
    const root = evidence({
      'a/export1.txt': utf16(fixture('uninstall-export.reg.txt')),
      'a/export2.txt': fixture('ps-uninstall.csv'),
      'a/export3.txt': fixture('recmd-batch.csv').replace(/\r\n/g, '\n'),
      'a/export4.csv': fixture('recmd-batch.csv'),
      'a/export5.txt': utf16(fixture('wmic-product-rawxml.xml')),
      'a/export6.xml': fixture('uninstall.clixml'),
      'a/export7.txt': fixture('SPApplicationsDataType.json'),
      'a/export8.txt': fixture('velociraptor-programs.jsonl'),
      'a/export9.txt': fixture('dpkg-l.txt'),
      'a/export10': fixture('rpm-qa.txt'),
      'a/status': fixture('dpkg-status.txt'),
      'a/notes.txt': 'AnyDesk 9.0.4 was installed on 2024-03-06\n',
    })
    const {artifacts} = await scanWith(root, {parsers: [...PARSERS, ...PROGRAM_PARSERS]})
    expect(artifacts.map((a) => [a.path, a.kind, a.status])).toEqual([
      ['a/export1.txt', 'programs.uninstall_reg', 'partial'], // the invalid Yandex InstallDate
      ['a/export10', 'programs.rpm_list', 'parsed'],
      ['a/export2.txt', 'programs.windows_csv', 'parsed'],
      ['a/export4.csv', 'programs.recmd_csv', 'parsed'],
      ['a/export5.txt', 'programs.wmic_xml', 'parsed'],
      ['a/export6.xml', 'programs.clixml', 'parsed'],
      ['a/export7.txt', 'programs.system_profiler', 'parsed'],
      ['a/export8.txt', 'programs.json', 'parsed'],
      ['a/export9.txt', 'programs.dpkg_list', 'parsed'],
      ['a/status', 'programs.dpkg_status', 'parsed'],
    ])
  })

  it('lists inside a Velociraptor offline-collection ZIP, at their natural paths', async () => {
    const zip = await makeZip([
      {name: 'results/Windows.Sys.Programs.json', data: fixture('velociraptor-programs.jsonl')},
      {name: 'uploads/auto/var/lib/dpkg/status', data: fixture('dpkg-status.txt')},
      {name: 'uploads/auto/C%3A/Users/bob/Desktop/arp.reg', data: utf16(fixture('uninstall-export.reg.txt'))},
    ])
    const root = evidence({'Collection-WS-BOB.zip': zip})
    const {artifacts, events} = await scanWith(root, {parsers: [...PROGRAM_PARSERS]})
    expect(artifacts.filter((a) => a.kind.startsWith('programs.')).map((a) => [a.path, a.logicalPath, a.kind, a.events])).toEqual([
      ['Collection-WS-BOB.zip!results/Windows.Sys.Programs.json', 'results/Windows.Sys.Programs.json', 'programs.json', 5],
      // the evidence layer maps only drive-letter uploads (`C%3A`) to natural paths; found by name `status`
      ['Collection-WS-BOB.zip!uploads/auto/var/lib/dpkg/status', 'var/lib/dpkg/status', 'programs.dpkg_status', 5],
      ['Collection-WS-BOB.zip!uploads/auto/C%3A/Users/bob/Desktop/arp.reg', 'C:/Users/bob/Desktop/arp.reg', 'programs.uninstall_reg', 7],
    ])
    // HKCU entries take the user from the natural path inside the archive
    expect(events.find((e) => e.fields.program === 'ATOK for Windows')!.fields.user).toBe('bob')
  })

  it('in the project samples claims only the reg exports (not traces, conf, tables, History)', async () => {
    const all = await scanWith(join(ROOT, 'artifacts-samples'), {parsers: [...PROGRAM_PARSERS]})
    // (the ZIP inside the samples folder is also listed as an archive.zip artifact)
    const artifacts = all.artifacts.filter((a) => a.kind !== 'archive.zip')
    expect(artifacts.map((a) => [a.path, a.kind, a.status])).toEqual([
      ['benign-helpdesk/triage/uninstall-hklm.reg', 'programs.uninstall_reg', 'parsed'],
      ['laptop-farm/triage/uninstall-hklm.reg', 'programs.uninstall_reg', 'parsed'],
      ['laptop-farm-velociraptor.zip!uploads/auto/triage/uninstall-hklm.reg', 'programs.uninstall_reg', 'parsed'],
    ])
    expect(artifacts.map((a) => a.events)).toEqual([3, 6, 6])
  })

  describe.skipIf(!HAS_CORPUS)('on the real corpus', () => {
    it('claims none of the remote-access and browser samples', async () => {
      for (const dir of ['remote', 'browser']) {
        const {artifacts} = await scanWith(corpusPath(dir), {parsers: [...PROGRAM_PARSERS]})
        expect(artifacts).toEqual([])
      }
    })
  })
})
