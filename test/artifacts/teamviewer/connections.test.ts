// TeamViewer connection tables on the real plaso samples (oracle values: shared/corpus/README.md
// and PROVENANCE.tsv) plus written variants. Format: shared/reference/remote-access-artifacts.md §3
// ("TAB fields: remoteID, display name (can contain spaces), start, end (DD-MM-YYYY HH:MM:SS),
// local user, mode, {GUID}; a trailing TAB and a leading blank line occur"; Connections.txt
// "space-padded, UTC").
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {parseConnectionRow, teamviewerConnections} from '../../../src/artifacts/teamviewer/connections.js'
import {corpusPath, HAS_CORPUS} from '../../support/corpus.js'
import {scanWith} from '../../support/run-parser.js'
import {tempDir} from '../../support/tmp.js'

const tv = corpusPath('remote', 'teamviewer-15-plaso')

describe.skipIf(!HAS_CORPUS)('teamviewer.connections on the real corpus', () => {
  it('Connections_incoming.txt: 1660360496 "TestUserRedacted" 14:16:32Z -> 14:18:36Z, IEUser, RemoteControl', async () => {
    const {artifacts, events} = await scanWith(tv, {parsers: [teamviewerConnections]})
    const inc = artifacts.find((a) => a.path === 'Program Files/TeamViewer/Connections_incoming.txt')!
    expect(inc).toMatchObject({kind: 'teamviewer.connections', status: 'parsed', size: 129, events: 2, warnings: [],
      sha256: 'efba1216907ce20e5fb21284deb418a8cde2c33b45d359bf1c09cae93a7ede7d'})
    const ev = events.filter((e) => e.artifact === inc.path)
    const start = ev.find((e) => e.type === 'remote_access.session_start')!
    expect(start).toMatchObject({time: '2024-02-16T14:16:32.000000Z', timeBasis: 'utc', location: 'line 2'})
    expect(start.fields).toEqual({
      tool: 'teamviewer', direction: 'incoming', remote_id: '1660360496', remote_alias: 'TestUserRedacted', user: 'IEUser',
      connection_type: 'RemoteControl', session_guid: '{b3a4df33-d027-44d5-b50f-4e61115494d4}', end_time: '2024-02-16T14:18:36.000000Z', duration_s: 124,
    })
    expect(start.raw).toBe('1660360496\tTestUserRedacted\t16-02-2024 14:16:32\t16-02-2024 14:18:36\tIEUser\tRemoteControl\t{b3a4df33-d027-44d5-b50f-4e61115494d4}')
    const end = ev.find((e) => e.type === 'remote_access.session_end')!
    expect(end).toMatchObject({time: '2024-02-16T14:18:36.000000Z', timeBasis: 'utc'})
    expect(end.fields.start_time).toBe('2024-02-16T14:16:32.000000Z')
  })

  it('Connections.txt (outgoing, space-padded): 1660360496 20-02-2024 13:10:33 -> 13:11:52', async () => {
    const {artifacts, events} = await scanWith(tv, {parsers: [teamviewerConnections]})
    const out = artifacts.find((a) => a.path === 'Users/IEUser/AppData/Roaming/TeamViewer/Connections.txt')!
    expect(out).toMatchObject({status: 'parsed', size: 199, sha256: '5ccd255377d2d440bb1cd71dd5e352ac08f012e541f57691545cbea7173a5595'})
    const start = events.find((e) => e.artifact === out.path && e.type === 'remote_access.session_start')!
    expect(start.time).toBe('2024-02-20T13:10:33.000000Z')
    expect(start.fields).toEqual({
      tool: 'teamviewer', direction: 'outgoing', remote_id: '1660360496', user: 'IEUser', connection_type: 'RemoteControl',
      session_guid: '{b35110b2-7dc5-4bb9-8d54-ca80953f65f8}', end_time: '2024-02-20T13:11:52.000000Z', duration_s: 79,
    })
  })
})

describe('teamviewer.connections written variants', () => {
  it('display names and local users with spaces, in both the TAB and the space-padded layout', () => {
    expect(parseConnectionRow('1031857653\tDESKTOP CAK7 OMO\t11-09-2022 14:44:03\t11-09-2022 15:27:53\tSERVER TV\tRemoteControl\t{C2CC2F16-D1F4-4547-9928-EE63891D4CC0}\t'))
      .toEqual({id: '1031857653', name: 'DESKTOP CAK7 OMO', start: '11-09-2022 14:44:03', end: '11-09-2022 15:27:53', user: 'SERVER TV', mode: 'RemoteControl', guid: '{C2CC2F16-D1F4-4547-9928-EE63891D4CC0}'})
    const padded = '1660360496'.padEnd(32) + 'John Doe Laptop'.padEnd(32) + '20-02-2024 13:10:33'.padEnd(32) + '20-02-2024 13:11:52'.padEnd(32) + 'IE User'.padEnd(32) + 'FileTransfer'.padEnd(32) + '{b35110b2-7dc5-4bb9-8d54-ca80953f65f8}'
    expect(parseConnectionRow(padded)).toEqual({id: '1660360496', name: 'John Doe Laptop', start: '20-02-2024 13:10:33', end: '20-02-2024 13:11:52', user: 'IE User', mode: 'FileTransfer', guid: '{b35110b2-7dc5-4bb9-8d54-ca80953f65f8}'})
  })

  it('refuses hostile over-long rows quickly', () => {
    const t0 = Date.now()
    expect(parseConnectionRow('1' + ' '.repeat(1_000_000) + 'x')).toBeNull()
    expect(parseConnectionRow('1 ' + 'a '.repeat(200_000))).toBeNull()
    expect(Date.now() - t0).toBeLessThan(1000)
  })

  it('UTF-16LE with BOM and BOM-less, CRLF, and a malformed row (warning, partial)', async () => {
    const dir = tempDir('tv-conn-')
    const folder = join(dir, 'Program Files', 'TeamViewer')
    mkdirSync(folder, {recursive: true})
    const body = '\r\n1031857653\tDESKTOP CAK7 OMO\t11-09-2022 14:44:03\t11-09-2022 15:27:53\tSERVER TV\tRemoteControl\t{C2CC2F16-D1F4-4547-9928-EE63891D4CC0}\t\r\n' +
      '1031857653\tbroken row\t31-02-2022 19:25:22\r\n'
    writeFileSync(join(folder, 'Connections_incoming.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]))
    const dir2 = tempDir('tv-conn-')
    writeFileSync(join(dir2, 'Connections_incoming.txt'), Buffer.from(body, 'utf16le'))
    for (const [ev, file] of [[dir, 'Program Files/TeamViewer/Connections_incoming.txt'], [join(dir2, 'Connections_incoming.txt'), 'Connections_incoming.txt']] as const) {
      const {artifacts, events} = await scanWith(ev, {parsers: [teamviewerConnections]})
      expect(artifacts).toHaveLength(1)
      expect(artifacts[0]).toMatchObject({path: file, status: 'partial', events: 2})
      expect(artifacts[0]!.warnings).toEqual(['1 line(s) not in the TeamViewer connection-table format (first at line 3)'])
      const s = events.find((e) => e.type === 'remote_access.session_start')!
      expect(s).toMatchObject({time: '2022-09-11T14:44:03.000000Z', location: 'line 2'})
      expect(s.fields).toMatchObject({remote_alias: 'DESKTOP CAK7 OMO', user: 'SERVER TV', duration_s: 2630, encoding: 'utf-16le'})
    }
  })

  it('truncated last row (no end time) is a warning; a text file with that name but no rows is not claimed', async () => {
    const dir = tempDir('tv-conn-')
    writeFileSync(join(dir, 'Connections.txt'), '1660360496                      20-02-2024 13:10:33             20-02-2024 13:1')
    const r = await scanWith(join(dir, 'Connections.txt'), {parsers: [teamviewerConnections]})
    expect(r.artifacts).toHaveLength(0) // the only row is torn: nothing recognisable
    writeFileSync(join(dir, 'Connections.txt'),
      '1660360496                      20-02-2024 13:10:33             20-02-2024 13:11:52             IEUser                          RemoteControl                   {b35110b2-7dc5-4bb9-8d54-ca80953f65f8}\r\n' +
      '1660360496                      21-02-2024 09:00:00             21-02-2024 0')
    const r2 = await scanWith(join(dir, 'Connections.txt'), {parsers: [teamviewerConnections]})
    expect(r2.artifacts[0]).toMatchObject({status: 'partial', events: 2})
    expect(r2.artifacts[0]!.warnings[0]).toMatch(/first at line 2/)
    const other = tempDir('tv-conn-')
    writeFileSync(join(other, 'Connections.txt'), 'my list of connections\nnothing here\n')
    expect((await scanWith(join(other, 'Connections.txt'), {parsers: [teamviewerConnections]})).artifacts).toHaveLength(0)
  })
})
