// The report's SHA-256 when it goes to stdout (`--out -` or a pipe): a Writable that passes every
// byte on to the real stream and hashes it on the way, so the digest is of exactly the bytes
// written, with back-pressure kept, nothing buffered beyond one chunk and no side file.
import {createHash} from 'node:crypto'
import {Writable} from 'node:stream'
import {finished} from 'node:stream/promises'

export class DigestWriter extends Writable {
  private readonly hash = createHash('sha256')
  private failed: Error | undefined
  private pending: ((e?: Error | null) => void) | undefined
  /** Bytes passed on so far. */
  bytes = 0

  constructor(private readonly target: NodeJS.WritableStream) {
    super()
    // a reader that went away (EPIPE) fails the next write instead of crashing the process
    this.onTargetError = this.onTargetError.bind(this)
    target.on('error', this.onTargetError)
    // errors reach the writer through write callbacks and close(); this keeps them from being unhandled too
    this.on('error', () => {})
  }

  private onTargetError(err: Error): void {
    this.failed ??= err
    const p = this.pending
    this.pending = undefined
    p?.(err)
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    if (this.failed) return done(this.failed)
    this.hash.update(chunk)
    this.bytes += chunk.length
    if (this.target.write(chunk)) return done()
    this.pending = done
    this.target.once('drain', () => {
      const p = this.pending
      this.pending = undefined
      p?.()
    })
  }

  override _final(done: (e?: Error | null) => void): void {
    done(this.failed)
  }

  /** Ends this stream (not the target) and returns the hex digest of every byte written. */
  async close(): Promise<string> {
    this.end()
    try {
      await finished(this)
    } finally {
      this.target.off('error', this.onTargetError)
    }
    if (this.failed) throw this.failed
    return this.hash.digest('hex')
  }
}
