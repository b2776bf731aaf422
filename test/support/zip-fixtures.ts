// Builds ZIP fixtures in memory with yazl (no binary fixtures committed), plus byte patches for
// what yazl refuses to write: hostile member names and the encryption flag.
import {ZipFile} from 'yazl'

export interface Member {
  name: string
  data: Buffer | string
  compress?: boolean
}

export async function makeZip(members: Member[]): Promise<Buffer> {
  const zip = new ZipFile()
  const mtime = new Date('2024-01-02T03:04:05Z')
  for (const m of members) {
    zip.addBuffer(Buffer.isBuffer(m.data) ? m.data : Buffer.from(m.data), m.name, {mtime, compress: m.compress ?? true})
  }
  zip.end()
  const chunks: Buffer[] = []
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c)
  return Buffer.concat(chunks)
}

/** Replaces a member name in local and central headers; both names must have equal length. */
export function renameMember(zip: Buffer, from: string, to: string): Buffer {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error('names must have the same byte length')
  const out = Buffer.from(zip)
  const a = Buffer.from(from)
  const b = Buffer.from(to)
  let i = out.indexOf(a)
  let n = 0
  while (i !== -1) {
    b.copy(out, i)
    n++
    i = out.indexOf(a, i + a.length)
  }
  if (n < 2) throw new Error(`name ${from} found ${n} times`)
  return out
}

/** Sets the "encrypted" bit (general purpose flag bit 0) on every member. */
export function markEncrypted(zip: Buffer): Buffer {
  const out = Buffer.from(zip)
  for (const [sig, flagOffset] of [[0x04034b50, 6], [0x02014b50, 8]] as const) {
    const s = Buffer.alloc(4)
    s.writeUInt32LE(sig)
    let i = out.indexOf(s)
    while (i !== -1) {
      out.writeUInt16LE(out.readUInt16LE(i + flagOffset) | 1, i + flagOffset)
      i = out.indexOf(s, i + 4)
    }
  }
  return out
}

/** A ZIP whose members carry only DOS times (no extended-timestamp field), as many tools write. */
export async function makeDosZip(members: Member[], mtime: Date): Promise<Buffer> {
  const zip = new ZipFile()
  for (const m of members) {
    zip.addBuffer(Buffer.isBuffer(m.data) ? m.data : Buffer.from(m.data), m.name, {mtime, forceDosTimestamp: true, compress: m.compress ?? true})
  }
  zip.end()
  const chunks: Buffer[] = []
  for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c)
  return Buffer.concat(chunks)
}
