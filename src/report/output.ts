// Writing with back-pressure, so large timelines stream instead of piling up in memory.
import type {Writable} from 'node:stream'

export function writeChunk(out: Writable, chunk: string | Buffer): Promise<void> {
  if (out.write(chunk)) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      out.off('error', onError)
      resolve()
    }
    const onError = (err: Error) => {
      out.off('drain', onDrain)
      reject(err)
    }
    out.once('drain', onDrain)
    out.once('error', onError)
  })
}
