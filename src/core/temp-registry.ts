// Every temp folder the process makes (spilled timelines, private SQLite copies, nested ZIP
// spills, merge scratch files) is made here and recorded, so it can be removed on every path:
// by its owner when done, by runScan when a scan fails, by the main thread when a worker thread
// dies, and all at once at exit or on SIGINT/SIGTERM (installTempCleanup).
//
// A case's temp folders go inside the case's own folder, made by the main thread (inTempScope):
// a worker thread that dies leaves nothing the main thread cannot remove with that one folder.
import {AsyncLocalStorage} from 'node:async_hooks'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const live = new Set<string>()
const scope = new AsyncLocalStorage<string>()

/** A new private folder (mode 0700): inside the current case's folder, else in $TMPDIR. */
export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(scope.getStore() ?? tmpdir(), prefix))
  live.add(dir)
  return dir
}

/** Removes a temp folder and everything in it (nothing if it is gone already). */
export function removeTemp(dir: string): void {
  rmSync(dir, {recursive: true, force: true, maxRetries: 2})
  live.delete(dir)
}

/** Temp folders of this thread not removed yet (for tests and diagnostics). */
export function liveTemp(): string[] {
  return [...live]
}

/** Removes every temp folder of this thread; never throws (it runs at exit). */
export function removeAllTemp(): void {
  for (const dir of live) {
    try {
      removeTemp(dir)
    } catch {
      // a folder that cannot be removed now cannot be removed later either
    }
  }
}

/** Runs `fn` (and everything it starts) with its temp folders made inside `dir`. */
export function inTempScope<T>(dir: string | undefined, fn: () => T): T {
  return dir === undefined ? fn() : scope.run(dir, fn)
}

/** Something that writes temp files and must stop before they are removed (a worker thread). */
interface Stoppable {
  terminate(): Promise<number>
}
const writers = new Set<Stoppable>()

/** Registers a worker thread: on a signal it is stopped before the temp folders are removed. */
export function trackWriter(w: Stoppable): () => void {
  writers.add(w)
  return () => writers.delete(w)
}

let installed = false

/**
 * Main thread of a command: temp folders are removed at exit, and SIGINT / SIGTERM stop the
 * worker threads, remove them and exit with 130 / 143 (128 + the signal number, as a shell
 * reports a process the signal killed). The progress line is cleared so the prompt starts clean.
 */
export function installTempCleanup(): void {
  if (installed) return
  installed = true
  process.on('exit', removeAllTemp)
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      if (stopping) {
        // a second signal: no more waiting for worker threads
        removeAllTemp()
        process.exit(code)
      }
      stopping = true
      void stopAll(signal, code)
    })
  }
}

let stopping = false

async function stopAll(signal: string, code: number): Promise<void> {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K')
  process.stderr.write(`interrupted (${signal}): stopped; temp files removed\n`)
  const stopped = Promise.allSettled([...writers].map((w) => w.terminate()))
  await Promise.race([stopped, new Promise((r) => setTimeout(r, 2000).unref())])
  removeAllTemp()
  process.exit(code)
}
