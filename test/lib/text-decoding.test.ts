// Issue #18.1 / #14.2: one decoder for evidence text. Each line is valid UTF-8, or the code page
// (named or detected), or escaped as a whole; never UTF-8 pairs picked out of code-page bytes.
// Byte strings were encoded with Python's codecs (cp949, cp932, gbk, big5, cp1251, cp1252).
import {describe, expect, it} from 'vitest'

import {decodeBytesLossless, decodeText, detectCodepage, forEachDecodedLine, parseCodepage, TextDecoding} from '../../src/lib/text.js'

const hex = (h: string) => Buffer.from(h, 'hex')
const SAMPLES = {
  'euc-kr': ['c1a2bcd320433a5c55736572735cb1e8c3b6bcf65cb9aebcad20bab0c4aa20c8abb1e6b5bf', '접속 C:\\Users\\김철수\\문서 별칭 홍길동'],
  shift_jis: ['8386815b8355815b208e52936391be98592082cc837483408343838b', 'ユーザー 山田太郎 のファイル'],
  gbk: ['d3c3bba720c9cfb4abc1cbcec4bcfe20d5c5c8fdb5c4b5e7c4d4', '用户 上传了文件 张三的电脑'],
  big5: ['a8cfa5ceaacc20aabac0c9aed720b971b8a3a657bad9', '使用者 的檔案 電腦名稱'],
  'windows-1251': ['cfeeebfce7eee2e0f2e5ebfc20c8e2e0ed20e7e0e3f0f3e7e8eb20f4e0e9eb', 'Пользователь Иван загрузил файл'],
  'windows-1252': ['436166e9204a6f73e9204dfc6c6c657220c672f8736bf862696e67', 'Café José Müller Ærøskøbing'],
} as const

describe('per-line decoding: never a mixture', () => {
  it('a CP949 line whose bytes hold valid UTF-8 pairs is escaped whole, not partly decoded', () => {
    // 0xC1A2 is no UTF-8, but 0xC8AB (홍 in CP949) is the valid UTF-8 sequence for U+022B
    const line = hex(SAMPLES['euc-kr'][0])
    const text = decodeBytesLossless(line)
    expect(text).not.toContain('\u022b')
    expect(text).toBe(line.toString('latin1').replace(/[\x80-\xff]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')))
  })

  it('a given code page decodes the line; UTF-8 lines stay UTF-8', () => {
    const d = new TextDecoding({codepage: 'euc-kr'})
    expect(d.decodeLine(hex(SAMPLES['euc-kr'][0]), 1)).toBe(SAMPLES['euc-kr'][1])
    expect(d.decodeLine(Buffer.from('한글 UTF-8'), 2)).toBe('한글 UTF-8')
    expect(d.rawHex(1)).toBe(SAMPLES['euc-kr'][0])
    expect(d.rawHex(2)).toBeUndefined()
    expect(d.notes()[0]).toMatch(/1 line\(s\) decoded as code page euc-kr \(given with --codepage\)/)
  })

  it('a line that the given code page cannot decode is escaped whole', () => {
    const d = new TextDecoding({codepage: 'euc-kr'})
    expect(d.decodeLine(Buffer.from([0x41, 0xff, 0xff, 0x42]))).toBe('A\\xff\\xffB')
    expect(d.escapedLines).toBe(1)
  })

  it('names: cp949, CP932, cp1251 ... map to WHATWG labels', () => {
    expect(parseCodepage('CP949')).toBe('euc-kr')
    expect(parseCodepage('cp932')).toBe('shift_jis')
    expect(parseCodepage('cp1251')).toBe('windows-1251')
    expect(parseCodepage('utf-7')).toBeUndefined()
  })
})

describe('code page detection', () => {
  for (const [cp, [h, text]] of Object.entries(SAMPLES)) {
    it(`${cp}: detected when it alone decodes every non-UTF-8 line of the file`, () => {
      const file = Buffer.concat([Buffer.from('header line\r\n'), hex(h), Buffer.from('\r\nplain\r\n'), hex(h), Buffer.from('\n')])
      const d = new TextDecoding()
      const {text: out} = decodeText(file, d)
      expect(d.codepage).toBe(cp)
      expect(d.source).toBe('detected')
      expect(out).toBe(`header line\r\n${text}\r\nplain\r\n${text}\n`)
      expect(d.notes()[0]).toContain('detected')
    })
  }

  it('stray high bytes are no code page: escaped, and the report says so', () => {
    const d = new TextDecoding()
    const {text} = decodeText(Buffer.from([0x61, 0x80, 0xff, 0x0a, 0x62, 0xfe, 0x0a]), d)
    expect(d.codepage).toBeUndefined()
    expect(text).toBe('a\\x80\\xff\nb\\xfe\n')
    expect(d.notes()[0]).toMatch(/2 line\(s\) are neither UTF-8 nor one detectable code page/)
  })

  it('one undecodable line anywhere in the file rules the code page out', () => {
    expect(detectCodepage([hex(SAMPLES['euc-kr'][0]), Buffer.from([0xc1, 0x0d])])).toBe(undefined)
  })

  it('forEachDecodedLine gives the same lines as decodeText', () => {
    const file = Buffer.concat([hex(SAMPLES.shift_jis[0]), Buffer.from('\r\nx\n')])
    const lines: string[] = []
    forEachDecodedLine(file, new TextDecoding(), (l) => lines.push(l))
    expect(lines).toEqual([SAMPLES.shift_jis[1], 'x'])
  })
})

describe('linear cost', () => {
  it('8 MiB of CP949 and 8 MiB of stray bytes decode in well under a second each', () => {
    const line = Buffer.concat([hex(SAMPLES['euc-kr'][0]), Buffer.from('\n')])
    const kr = Buffer.concat(Array.from({length: Math.floor((8 * 1024 * 1024) / line.length)}, () => line))
    const stray = Buffer.alloc(8 * 1024 * 1024, 0x8a)
    for (let i = 200; i < stray.length; i += 200) stray[i] = 0x0a
    for (const buf of [kr, stray]) {
      const t0 = performance.now()
      const {text} = decodeText(buf)
      expect(text.length).toBeGreaterThan(buf.length / 2)
      expect(performance.now() - t0).toBeLessThan(3000)
    }
  })
})
