// Splashtop SPLog.txt / FTCLog.txt on the transcribed corpus excerpt (oracle: shared/corpus/PROVENANCE.tsv
// "'Got client 1 public IP 123.231.123.231' at Sep 1 11:40:58; FTC UploadRequest
// C:\Users\lab\Desktop\mechant.7z (1885074 bytes) 11:42:12; chat log saved 11:44:36"; FTCLog
// "backslashes doubled") plus fixtures written from reference §3 ("SPLog has no year (rvt2 infers it
// from the mtime)") and the newer line shape of the dissect.target splashtop test
// ("SM_03280[Network] [LAN-S][Server] client connected from 10.199.5.134 (2), 288").
import {mkdirSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {FTC_LINE, splashtopFtcLog} from '../../../src/artifacts/splashtop/ftclog.js'
import {splashtopSpLog} from '../../../src/artifacts/splashtop/splog.js'
import {corpusPath, HAS_CORPUS} from '../../support/corpus.js'
import {scanWith} from '../../support/run-parser.js'
import {tempDir} from '../../support/tmp.js'

const st = corpusPath('remote', 'splashtop-excerpt')
const SPLOG = 'Program Files (x86)/Splashtop/Splashtop Remote/Server/log/SPLog.txt'
const FTC = 'ProgramData/Splashtop/Temp/log/FTCLog.txt'

describe.skipIf(!HAS_CORPUS)('splashtop on the real (transcribed) corpus', () => {
  it('SPLog: public IP at Sep 1 11:40:58, upload of mechant.7z (1885074 bytes) at 11:42:12, chat saved 11:44:36; year 2022 from the chat file name', async () => {
    const {artifacts, events} = await scanWith(st, {parsers: [splashtopSpLog, splashtopFtcLog]})
    const sp = artifacts.find((a) => a.path === SPLOG)!
    // "[...]" elisions are skipped with one warning: the artifact is partial, parsing goes on
    expect(sp).toMatchObject({kind: 'splashtop.splog', status: 'partial', events: 4, size: 1404,
      sha256: '5e6da9e6f70ef934131bbf976e2c4f7501d04f026d51fb6217959010711ad562'})
    expect(sp.warnings).toEqual(['3 elision line(s) "[...]" skipped: the log is an excerpt (line 4, 8, 13)'])
    const ev = events.filter((e) => e.artifact === SPLOG)
    expect(ev.every((e) => e.fields.year === 2022 && e.fields.year_source === 'dated file name in log' && e.timeBasis === 'assumed-utc')).toBe(true)

    const s = ev.find((e) => e.type === 'remote_access.session_start')!
    expect(s).toMatchObject({time: '2022-09-01T11:40:58.000000Z', location: 'line 7', raw: '<1>Sep  1 11:40:58 [AP_07144]:[Banner] Got client 1 public IP 123.231.123.231'})
    expect(s.fields).toMatchObject({direction: 'incoming', remote_ip: '123.231.123.231', client_index: 1, remote_alias: 'mechant_host', remote_user: 'john doe'})
    expect(ev.find((e) => e.type === 'remote_access.login')).toMatchObject({time: '2022-09-01T11:40:53.000000Z', location: 'line 1', fields: expect.objectContaining({remote_alias: 'mechant_host'})})

    const ft = ev.filter((e) => e.type === 'remote_access.file_transfer')
    expect(ft).toHaveLength(1) // UploadRequest + OnUploadRequest JSON of fileID 289614100 are one transfer
    expect(ft[0]).toMatchObject({time: '2022-09-01T11:42:12.000000Z', location: 'line 11'})
    expect(ft[0]!.fields).toMatchObject({
      direction: 'incoming', transfer_action: 'Upload', path: 'C:\\Users\\lab\\Desktop\\mechant.7z', file_name: 'mechant.7z',
      size: 1885074, file_id: '289614100', remote_ip: '123.231.123.231',
    })
    expect(ft[0]!.raw!.split('\n').map((l) => l.split(':')[0])).toEqual(['11', '12'])

    const chat = ev.find((e) => e.type === 'remote_access.chat')!
    expect(chat).toMatchObject({time: '2022-09-01T11:44:36.000000Z', location: 'line 16'})
    expect(chat.fields).toMatchObject({action: 'chat_log_saved', path: 'C:\\Users\\lab\\Desktop\\Splashtop_Chat_20220901_1144.txt', line_count: 7})
  })

  it('FTCLog: 2022-09-01 11:42:14 upload completed by "john doe" from 123.231.123.231, path kept as written', async () => {
    const {artifacts, events} = await scanWith(st, {parsers: [splashtopSpLog, splashtopFtcLog]})
    expect(artifacts.find((a) => a.path === FTC)).toMatchObject({kind: 'splashtop.ftclog', status: 'parsed', events: 1,
      sha256: 'bd0986d2ef0a2320257d578cef61ffe15bffe9faea14f1ea425a092fecd131fd'})
    const e = events.find((x) => x.artifact === FTC)!
    expect(e).toMatchObject({time: '2022-09-01T11:42:14.000000Z', timeBasis: 'assumed-utc', location: 'line 1', type: 'remote_access.file_transfer'})
    expect(e.fields).toEqual({
      tool: 'splashtop', direction: 'incoming', transfer_action: 'Upload', status: 'Completed', path: 'C:\\\\Users\\\\lab\\\\Desktop\\\\mechant.7z',
      file_name: 'mechant.7z', size_text: '0.0 KB', remote_user: 'john doe', remote_ip: '123.231.123.231',
    })
  })
})

function writeTree(rel: string[], data: Buffer | string, mtime?: Date): string {
  const dir = tempDir('splashtop-')
  const folder = join(dir, ...rel.slice(0, -1))
  mkdirSync(folder, {recursive: true})
  const f = join(folder, rel.at(-1)!)
  writeFileSync(f, data)
  if (mtime) utimesSync(f, mtime, mtime)
  return dir
}

const SP_REL = ['Program Files (x86)', 'Splashtop', 'Splashtop Remote', 'Server', 'log', 'SPLog.txt']

describe('splashtop written fixtures', () => {
  it('FTCLog with single backslashes, a download, a path with spaces, UTF-16LE and a bad row', () => {
    expect(FTC_LINE.exec('2022-09-01 11:42:14 C:\\Users\\lab\\My Docs\\a b.txt 12.5 MB Download Completed john doe (123.231.123.231)')!.groups)
      .toMatchObject({path: 'C:\\Users\\lab\\My Docs\\a b.txt', size: '12.5', unit: 'MB', action: 'Download', status: 'Completed', user: 'john doe', ip: '123.231.123.231'})
  })

  it('FTCLog UTF-16LE with a torn row: warning, other rows parsed', async () => {
    const text = '2022-09-01 11:42:14 C:\\Users\\lab\\Desktop\\a.zip 1.2 MB Download Completed john doe (10.0.0.9)\r\n2022-09-01 11:43:00 C:\\Users\\lab\\De\r\n'
    const dir = writeTree(['ProgramData', 'Splashtop', 'Temp', 'log', 'FTCLog.txt'], Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))
    const {artifacts, events} = await scanWith(dir, {parsers: [splashtopFtcLog]})
    expect(artifacts[0]).toMatchObject({status: 'partial', warnings: ['1 line(s) not in the FTCLog format (first at line 2)']})
    expect(events[0]!.fields).toMatchObject({direction: 'outgoing', file_name: 'a.zip', remote_ip: '10.0.0.9'})
  })

  it('SPLog year from the file mtime (marked), with a Dec -> Jan rollover, and --host-tz', async () => {
    const text = [
      '<1>Dec 31 23:59:58 [AP_07144]:[Banner] Got client 1 public IP 198.51.100.4',
      '<1>Jan  1 00:00:05 [SM_04020]:[FTC] DownloadRequest, fileID[7], filePath[C:\\Users\\lab\\Documents\\secret plans.docx], compresstyee[1]',
    ].join('\n')
    const dir = writeTree(SP_REL, text, new Date('2024-01-02T10:00:00Z'))
    const {artifacts, events} = await scanWith(dir, {parsers: [splashtopSpLog]})
    expect(artifacts[0]).toMatchObject({status: 'parsed', warnings: []})
    expect(events.map((e) => [e.time, e.fields.year_source])).toEqual([['2023-12-31T23:59:58.000000Z', 'file mtime'], ['2024-01-01T00:00:05.000000Z', 'file mtime']])
    expect(events[1]!.fields).toMatchObject({direction: 'outgoing', transfer_action: 'Download', file_name: 'secret plans.docx', remote_ip: '198.51.100.4'})
    const tz = await scanWith(dir, {parsers: [splashtopSpLog], hostTz: 'Asia/Seoul'})
    expect(tz.events[0]).toMatchObject({time: '2023-12-31T14:59:58.000000Z', timeBasis: 'local-converted'})
  })

  it('newer SPLog shape (ms, glued day, SM_nnnnn[Component]) and OnUploadFileCPRequest JSON', async () => {
    const text = [
      '<1>Jul14 15:15:38.194 SM_03280[Network] [LAN-S][Server] client connected from 10.199.5.134 (2), 288',
      '<1>Jul14 15:17:30.766 SM_03280[FTCnnel] OnUploadFileCPRequest 1, 1 =>{"fileID":"353841253","fileName":"NOTE.txt","fileSize":"34","remotesessionFTC":1,"request":"uploadFile"}',
      '<1>Jul14 15:17:31.000 SM_03280[FTCnnel] OnUploadFileCPRequest 1, 1 =>{"fileID":"9", broken json',
    ].join('\r\n')
    const {artifacts, events} = await scanWith(writeTree(SP_REL, text, new Date('2025-07-20T00:00:00Z')), {parsers: [splashtopSpLog]})
    expect(artifacts[0]!.status).toBe('partial')
    expect(artifacts[0]!.warnings).toEqual(['line 3: file-transfer JSON does not parse'])
    expect(events[0]).toMatchObject({time: '2025-07-14T15:15:38.194000Z', type: 'remote_access.session_start', fields: expect.objectContaining({remote_ip: '10.199.5.134'})})
    expect(events[1]).toMatchObject({time: '2025-07-14T15:17:30.766000Z', type: 'remote_access.file_transfer', fields: expect.objectContaining({file_name: 'NOTE.txt', size: 34, file_id: '353841253'})})
  })

  it('not claimed by name alone; junk lines are warnings', async () => {
    expect((await scanWith(writeTree(SP_REL, 'hello\n'), {parsers: [splashtopSpLog]})).artifacts).toMatchObject([{kind: 'splashtop.splog', status: 'failed', events: 0}])
    const {artifacts} = await scanWith(writeTree(SP_REL, '<1>Sep  1 11:40:58 [AP_07144]:[Banner] Got client 1 public IP 1.2.3.4\n<1>Sep  1 11:4\n', new Date('2022-09-02T00:00:00Z')), {parsers: [splashtopSpLog]})
    expect(artifacts[0]).toMatchObject({status: 'partial', warnings: ['1 line(s) not in the SPLog format (first at line 2)']})
  })
})
