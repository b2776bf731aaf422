// Language ids and input methods (reference §4.4). Only what LNG-* rules and a reader need:
// the language tag of common LCIDs, and the Korean IME profiles by their TIP CLSID.
const LCID: Readonly<Record<string, string>> = {
  '0409': 'en-US', '0809': 'en-GB', '1009': 'en-CA', '0c09': 'en-AU', '0412': 'ko-KR', '0804': 'zh-CN', '0404': 'zh-TW',
  '0c04': 'zh-HK', '0419': 'ru-RU', '0411': 'ja-JP', '040d': 'he-IL', '0407': 'de-DE', '040c': 'fr-FR', '0410': 'it-IT',
  '0c0a': 'es-ES', '080a': 'es-MX', '0416': 'pt-BR', '0816': 'pt-PT', '0413': 'nl-NL', '0415': 'pl-PL', '041f': 'tr-TR',
  '0422': 'uk-UA', '042a': 'vi-VN', '041e': 'th-TH', '0421': 'id-ID', '0439': 'hi-IN', '0401': 'ar-SA', '0429': 'fa-IR',
  '0450': 'mn-MN',
}

/** Language tag of a hex LCID/LANGID (`0412`, `00000412` KLID low word). */
export function languageOfLcid(hex: string): string | undefined {
  const h = hex.trim().toLowerCase()
  if (!/^[0-9a-f]{4,8}$/.test(h)) return undefined
  return LCID[h.slice(-4)]
}

const TIPS: Readonly<Record<string, string>> = {
  '{a028ae76-01b1-46c2-99c4-acd9858ae02f}': 'Microsoft Korean IME',
  '{a1e2b86b-924a-4d43-80f6-8a820df7190f}': 'Microsoft Korean IME (old)',
}

/** `0412:{CLSID}{profile}` value names under `User Profile\<lang>` -> the input method, when known. */
export function inputMethodOf(valueName: string): {langid: string; tip?: string; name?: string} | undefined {
  const m = /^([0-9a-f]{4}):(\{[0-9a-f-]{36}\})?/i.exec(valueName)
  if (!m) return undefined
  return {langid: m[1]!.toLowerCase(), tip: m[2]?.toLowerCase(), name: m[2] ? TIPS[m[2].toLowerCase()] : undefined}
}
