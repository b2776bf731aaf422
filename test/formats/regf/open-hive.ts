// Test helper: a corpus hive opened from disk, optionally with its logs replayed.
import {readFileSync} from 'node:fs'
import {basename} from 'node:path'

import {BufferSource, Hive, replayLogs, type ReplayResult} from '../../../src/formats/regf/index.js'

export function openHive(path: string, logs: string[] = []): {hive: Hive; replay: ReplayResult; warnings: string[]} {
  const warnings: string[] = []
  const replay = replayLogs(
    new BufferSource(readFileSync(path)),
    logs.map((l) => ({name: basename(l), source: new BufferSource(readFileSync(l))})),
  )
  const hive = new Hive(replay.source, {warn: (m) => void warnings.push(m)})
  return {hive, replay, warnings}
}

/** key path -> value name -> [type, data hex] for the whole tree. */
export function dumpHive(hive: Hive): Map<string, Map<string, [number, string]>> {
  const out = new Map<string, Map<string, [number, string]>>()
  for (const {key, path} of hive.walk()) {
    const vals = new Map<string, [number, string]>()
    for (const v of hive.values(key)) vals.set(v.name, [v.type, hive.data(v).toString('hex')])
    out.set(path, vals)
  }
  return out
}
