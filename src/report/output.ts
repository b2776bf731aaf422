// Writing with back-pressure, so large timelines stream instead of piling up in memory.
import type {Writable} from 'node:stream'

export function writeChunk(out: Writable, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = out.write(chunk, (err) => {
      if (err) reject(err)
    })
    if (ok) resolve()
    else {
      out.once('drain', resolve)
      out.once('error', reject)
    }
  })
}
