// Logical paths of collection layouts (Velociraptor, KAPE, plain) and users from paths.
import {describe, expect, it} from 'vitest'

import {logicalPathOf, userFromPath} from '../../src/evidence/paths.js'

describe('logicalPathOf', () => {
  it.each([
    ['c.zip!uploads/auto/C%3A/Users/bob/AppData/Roaming/AnyDesk/ad.trace', 'C:/Users/bob/AppData/Roaming/AnyDesk/ad.trace'],
    ['c.zip!uploads/ntfs/%5C%5C.%5CC%3A/ProgramData/AnyDesk/ad_svc.trace', 'C:/ProgramData/AnyDesk/ad_svc.trace'],
    ['c.zip!uploads/auto/C%3A/Program%20Files/TeamViewer/Connections_incoming.txt', 'C:/Program Files/TeamViewer/Connections_incoming.txt'],
    ['kape/2026-03-10/C/Users/bob/AppData/Local/Google/Chrome/User Data/Default/History', 'C:/Users/bob/AppData/Local/Google/Chrome/User Data/Default/History'],
    ['E/Windows/System32/config/SOFTWARE', 'E:/Windows/System32/config/SOFTWARE'],
    ['home/user/.anydesk/anydesk.trace', 'home/user/.anydesk/anydesk.trace'],
    ['a.zip!b.zip!var/log/anydesk.trace', 'var/log/anydesk.trace'],
    ['linux.zip!uploads/auto/var/lib/dpkg/status', 'var/lib/dpkg/status'],
    ['mac.zip!uploads/file/Users/bob/Library/Safari/History.db', 'Users/bob/Library/Safari/History.db'],
    ['win\\style\\Users\\x\\ad.trace', 'win/style/Users/x/ad.trace'],
  ])('%s -> %s', (input, expected) => {
    expect(logicalPathOf(input)).toBe(expected)
  })
})

describe('userFromPath', () => {
  it.each([
    ['C:/Users/jsmith/AppData/Roaming/AnyDesk/ad.trace', 'jsmith'],
    ['home/ubu/.anydesk/anydesk.trace', 'ubu'],
    ['C:/Documents and Settings/olduser/AnyDesk/ad.trace', 'olduser'],
    ['C:/Users/Public/AnyDesk/ad.trace', undefined],
    ['C:/ProgramData/AnyDesk/ad_svc.trace', undefined],
    ['C:/Windows/SysWOW64/config/systemprofile/AppData/Roaming/AnyDesk/ad.trace', 'SYSTEM'],
  ])('%s -> %s', (input, expected) => {
    expect(userFromPath(input)).toBe(expected)
  })
})
