// Whether a folder is one host's collection rather than a share of cases: `--batch` on a KAPE
// output folder must not make cases of its drive folder `C` and its `triage` folder. Layouts:
// KAPE target output (`C/$MFT`, `C/Users/...`, `<time>_ConsoleLog.txt`, `_CopyLog.csv`), an
// extracted Velociraptor offline collection (`uploads/auto/C%3A/...`, `uploads.json`,
// `collection_context.json`, `results/`), or a copied volume root (`$MFT`, `Users`, `Windows`).
import {readdir} from 'node:fs/promises'
import {join} from 'node:path'

const WINDOWS_TOP = new Set(['users', 'windows', 'programdata', 'program files', 'program files (x86)', 'documents and settings'])
const NTFS_META = new Set(['$mft', '$logfile', '$extend', '$boot', '$secure_$sds', '$usnjrnl_$j', '$volume'])
const VELOCIRAPTOR_FILES = new Set(['uploads.json', 'collection_context.json', 'client_info.json', 'requests.json'])
const VELOCIRAPTOR_ACCESSORS = new Set(['auto', 'ntfs', 'file', 'lazy_ntfs', 'raw_file', 'mft'])

async function children(dir: string): Promise<Array<{name: string; dir: boolean}>> {
  try {
    // byte order, so the reason named is the same on every file system
    return (await readdir(dir, {withFileTypes: true})).map((e) => ({name: e.name, dir: e.isDirectory()})).sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)))
  } catch {
    return []
  }
}

/** Why `dir` is one collection (a phrase for the user), or undefined when it may hold cases. */
export async function collectionRootReason(dir: string): Promise<string | undefined> {
  const top = await children(dir)
  const lower = (n: string) => n.toLowerCase()
  const volume = top.filter((c) => NTFS_META.has(lower(c.name)) || (c.dir && WINDOWS_TOP.has(lower(c.name))))
  if (volume.length > 0) return `it holds a file-system root (${volume.map((c) => c.name).slice(0, 3).join(', ')})`
  const vr = top.filter((c) => !c.dir && VELOCIRAPTOR_FILES.has(lower(c.name)))
  if (vr.length > 0) return `it is a Velociraptor collection (${vr[0]!.name})`
  for (const c of top) {
    if (c.dir && lower(c.name) === 'uploads' && (await children(join(dir, c.name))).some((u) => u.dir && VELOCIRAPTOR_ACCESSORS.has(lower(u.name)))) {
      return `it is a Velociraptor collection (${c.name}/)`
    }
  }
  const kapeLog = top.find((c) => !c.dir && /_(?:ConsoleLog\.txt|CopyLog\.csv|SkipLog\.csv)$/i.test(c.name))
  if (kapeLog) return `it is a KAPE target output (${kapeLog.name})`
  for (const c of top) {
    if (!c.dir || !/^[A-Za-z]$/.test(c.name)) continue
    const inner = await children(join(dir, c.name))
    const hit = inner.find((x) => NTFS_META.has(lower(x.name)) || (x.dir && WINDOWS_TOP.has(lower(x.name))))
    if (hit) return `it is a KAPE-style collection (drive folder ${c.name}/${hit.name})`
  }
  return undefined
}
