// The shared escaping helpers (reference ecosystem-and-style.md §5): exact outputs per context.
import {describe, expect, it} from 'vitest'

import {
  capCell, capForDisplay, controlPicture, cutAt, defangText, defangUrl, escapeHtml, escapeHtmlVisible, escapeMarkdown,
  fmtInt, neutraliseFormula, quoteCsv, visibleControls,
} from '../../src/report/escape.js'

describe('defanging', () => {
  it('defangs the scheme and the host, keeps the path', () => {
    expect(defangUrl('https://drive.google.com/file/d/1x/view?usp=sharing')).toBe('hxxps://drive[.]google[.]com/file/d/1x/view?usp=sharing')
    expect(defangUrl('http://203.0.113.7:8080/a.b')).toBe('hxxp://203[.]0[.]113[.]7:8080/a.b')
    expect(defangUrl('ftp://files.example.org/x')).toBe('fxp://files[.]example[.]org/x')
    expect(defangUrl('HTTPS://WWW.PAYONEER.COM/')).toBe('HxxPS://WWW[.]PAYONEER[.]COM/')
  })
  it('brackets the colon of script and data schemes', () => {
    expect(defangUrl('javascript:alert(1)')).toBe('javascript[:]alert(1)')
    expect(defangUrl('data:text/html,<b>x</b>')).toBe('data[:]text/html,<b>x</b>')
    expect(defangUrl('mailto:bob@example.com')).toBe('mailto[:]bob@example[.]com')
  })
  it('finds URLs, www. hosts, e-mail domains and common-TLD domains inside text', () => {
    expect(defangText('Visited https://www.payoneer.com/login and www.astrill.com, mail a.b@proton.me; see payoneer.com.'))
      .toBe('Visited hxxps://www[.]payoneer[.]com/login and www[.]astrill[.]com, mail a.b@proton[.]me; see payoneer[.]com.')
  })
  it('leaves versions, IPs without scheme, event types and path segments alone', () => {
    expect(defangText('3.9.0 203.0.113.7 remote_access.session_start kern.log.2 e.g. C:/Users/bob/AppData/Roaming/AnyDesk/ad.trace'))
      .toBe('3.9.0 203.0.113.7 remote_access.session_start kern.log.2 e.g. C:/Users/bob/AppData/Roaming/AnyDesk/ad.trace')
  })

  // issue #18.10: a TLD list left `bit.ly/abc` and `evil.fr/x` linkable; linkifiers link any
  // two-letter ccTLD and new gTLDs appear (`.zip`), so every host-like token is defanged
  it('defangs every host-like token, not those of a TLD list (file names included)', () => {
    expect(defangText('bit.ly/abc evil.fr/x update.zip пример.рф xn--e1afmkfd.xn--p1ai my_host.mov ad.trace user.conf'))
      .toBe('bit[.]ly/abc evil[.]fr/x update[.]zip пример[.]рф xn--e1afmkfd[.]xn--p1ai my_host[.]mov ad[.]trace user[.]conf')
    expect(defangText('(see evil.fr.)')).toBe('(see evil[.]fr.)')
    expect(escapeMarkdown(defangText('bit.ly/abc'))).toBe('bit\\[.\\]ly/abc')
  })
  it('is idempotent', () => {
    const once = defangText('https://drive.google.com/x www.a.com b@c.org')
    expect(defangText(once)).toBe(once)
  })
})

describe('invisible characters', () => {
  it('shows C0, DEL, bidi, zero-width and separators as pictures', () => {
    expect(controlPicture('\u0000')).toBe('␀')
    expect(controlPicture('\u001b')).toBe('␛')
    expect(controlPicture('\u007f')).toBe('␡')
    expect(visibleControls('a\tb\nc\r\n')).toBe('a␉b␊c␍␊')
    expect(visibleControls('invoice\u202Egpj.exe')).toBe('invoice⟨U+202E⟩gpj.exe')
    expect(visibleControls('x\u200By\u2066z\u2028\ufeff\u009b')).toBe('x⟨U+200B⟩y⟨U+2066⟩z⟨U+2028⟩⟨U+FEFF⟩⟨U+009B⟩')
    expect(visibleControls('lone \ud800 surrogate')).toBe('lone ⟨U+D800⟩ surrogate')
    expect(visibleControls('pair \ud83d\ude00 ok')).toBe('pair \ud83d\ude00 ok')
  })
})

describe('HTML escaping', () => {
  it('escapes the five characters', () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&`)).toBe('&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;')
  })
  it('marks invisible characters in text', () => {
    expect(escapeHtmlVisible('<b>\u001b[31m\u202E</b>')).toBe('&lt;b&gt;<span class="cc">␛</span>[31m<span class="cc">⟨U+202E⟩</span>&lt;/b&gt;')
  })
})

describe('Markdown escaping (§5.2)', () => {
  it('escapes backslash before pipe, so a trailing backslash cannot cancel it', () => {
    expect(escapeMarkdown('a\\|b')).toBe('a\\\\\\|b')
    expect(escapeMarkdown('end\\')).toBe('end\\\\')
  })
  it('escapes inline syntax and turns < > & into entities', () => {
    expect(escapeMarkdown('<script>&x</script> `c` *b* _i_ [l](u) ~s~ $m$ ^s^'))
      .toBe('&lt;script&gt;&amp;x&lt;/script&gt; \\`c\\` \\*b\\* \\_i\\_ \\[l\\](u) \\~s\\~ \\$m\\$ \\^s\\^')
  })
  it('escapes block starts at the beginning only', () => {
    expect(escapeMarkdown('# h')).toBe('\\# h')
    expect(escapeMarkdown('> q')).toBe('&gt; q') // an entity cannot open a blockquote
    expect(escapeMarkdown('-2+3')).toBe('\\-2+3')
    expect(escapeMarkdown('+cmd')).toBe('\\+cmd')
    expect(escapeMarkdown('1. item')).toBe('1\\. item')
    expect(escapeMarkdown('3.9.0 a # b - c')).toBe('3.9.0 a # b - c')
  })
  it('flattens newlines into visible pictures', () => {
    expect(escapeMarkdown('a|b\nc\r\nd')).toBe('a\\|b␊c␍␊d')
  })
})

describe('caps', () => {
  it('never splits a surrogate pair', () => {
    expect(cutAt('ab\ud83d\ude00c', 3)).toBe('ab')
    expect(cutAt('ab\ud83d\ude00c', 4)).toBe('ab\ud83d\ude00')
  })
  it('display cap says how much was cut and where the rest is', () => {
    expect(capForDisplay('x'.repeat(10), 4)).toBe('xxxx… [cut: 6 more characters; full value in the JSON/JSONL/CSV export]')
    expect(capForDisplay('short', 10)).toBe('short')
  })
  it('CSV cap is exactly 32,767 characters, marker included', () => {
    const r = capCell('Z'.repeat(40_001))
    expect(r.cut).toBe(true)
    expect(r.text.length).toBe(32_767)
    expect(r.text.endsWith('…[cut by dprk-triage: 7277 more characters]')).toBe(true)
    expect(r.text.slice(0, 32_724)).toBe('Z'.repeat(32_724))
    expect(capCell('Z'.repeat(32_767))).toEqual({text: 'Z'.repeat(32_767), cut: false})
    expect(capCell('Z'.repeat(32_768)).text).toBe('Z'.repeat(32_726) + '…[cut by dprk-triage: 42 more characters]')
  })
  it('formats integers without the process locale', () => {
    expect(fmtInt(1234567)).toBe('1,234,567')
    expect(fmtInt(-1000)).toBe('-1,000')
    expect(fmtInt(12)).toBe('12')
  })
})

describe('CSV cells (§5.3)', () => {
  it('neutralises formula starts', () => {
    for (const s of ['=1+1', '+cmd', '-2+3', '@SUM(1)', '\t=1', '\r=1', '\u0000x']) expect(neutraliseFormula(s)).toBe(`'${s}`)
    for (const s of ['1+1', ' =1', "'=1", 'abc', '']) expect(neutraliseFormula(s)).toBe(s)
  })
  it('quotes per RFC 4180', () => {
    expect(quoteCsv('a "b"\r\nc,d')).toBe('"a ""b""\r\nc,d"')
  })
})
