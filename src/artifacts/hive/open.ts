// Opens a hive artifact for reading: random access to the file (never a whole copy in memory),
// its `.LOG1`/`.LOG2`/`.LOG` side files replayed in memory when the hive is dirty (reference §3.7),
// and what was done written to the inventory (dirty or clean, logs applied or skipped).
import {statSync} from 'node:fs'

import {FileSource, Hive, replayLogs, type ByteSource, type LogFile} from '../../formats/regf/index.js'
import type {ArtifactInput, ParseContext} from '../types.js'

/** Largest hive read (a private copy is made for archive members up to this size). */
export const MAX_HIVE_BYTES = 4 * 1024 ** 3
const MAX_LOG_BYTES = 1024 ** 3
const LOG_SUFFIXES = ['.LOG1', '.LOG2', '.LOG'] as const

export interface OpenedHive {
  hive: Hive
  close(): void
}

function fileSource(path: string): FileSource {
  return new FileSource(path, statSync(path).size)
}

export async function openHiveInput(input: ArtifactInput, ctx: ParseContext): Promise<OpenedHive> {
  const sources: ByteSource[] = []
  const close = () => {
    for (const s of sources) s.close?.()
  }
  try {
    const path = input.randomAccessPath ? await input.randomAccessPath(MAX_HIVE_BYTES) : undefined
    let primary: ByteSource
    if (path) primary = fileSource(path)
    else {
      const {BufferSource} = await import('../../formats/regf/source.js')
      primary = new BufferSource(await input.readAll(512 * 1024 * 1024))
    }
    sources.push(primary)
    const logs: LogFile[] = []
    for (const suffix of LOG_SUFFIXES) {
      const side = input.sideFile?.(input.info.name + suffix)
      if (!side) continue
      try {
        const p = await side.randomAccessPath(MAX_LOG_BYTES)
        const src = fileSource(p)
        sources.push(src)
        logs.push({name: side.path, source: src})
      } catch (error) {
        ctx.warn(`transaction log ${side.path} could not be read (${(error as Error).message})`)
      }
    }
    const replay = replayLogs(primary, logs)
    for (const w of replay.warnings) ctx.warn(w)
    if (!replay.dirty) ctx.note?.('hive clean (sequence numbers equal, checksum valid); no log replay needed')
    else {
      const applied = replay.applied.map((a) => `${a.name} (${a.format}, ${a.entries} entr${a.entries === 1 ? 'y' : 'ies'}${a.firstSeq !== undefined ? `, sequence ${a.firstSeq}-${a.lastSeq}` : ''}, ${a.pages} pages)`)
      ctx.note?.(`hive dirty: ${replay.dirtyReason}; ${applied.length ? `logs replayed in memory: ${applied.join(', ')}` : 'no log applied'}`)
    }
    for (const s of replay.skipped) ctx.note?.(`log not applied: ${s.name}: ${s.reason}`)
    const hive = new Hive(replay.source, {warn: (m) => ctx.warn(m)})
    return {hive, close}
  } catch (error) {
    close()
    throw error
  }
}
