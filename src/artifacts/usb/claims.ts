// What recognises a macOS system_profiler SPUSBDataType listing, apart from the plist/JSON/text
// parse code so that the registry loads it only when a file is claimed (see types.ts ArtifactClaim).
import {headText} from '../programs/text-input.js'
import type {ArtifactClaim} from '../types.js'

function looksLikeText(t: string): boolean {
  return /^\s*USB:\s*$/m.test(t) && /^\s+Product ID: 0x[0-9a-f]{4}/im.test(t) && /^\s+Vendor ID: (?:0x[0-9a-f]{4}|apple_vendor_id)/im.test(t)
}

export const usbSystemProfilerClaim: ArtifactClaim = {
  kind: 'usb.system_profiler',
  timeSource: 'none', // the listing carries no time
  title: 'macOS system_profiler SPUSBDataType (-xml plist, -json, text): attached USB devices',

  matchPath: (p) => /\.(?:xml|plist|spx|json|txt|out)$/i.test(p.name) || !p.name.includes('.'),

  sniff(head) {
    const t = headText(head)
    return /"SPUSBDataType"\s*:/.test(t) || (/<plist[\s>]/.test(t) && /<string>SPUSBDataType<\/string>/.test(t)) || looksLikeText(t)
  },
}
