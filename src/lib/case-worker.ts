// Worker-thread entry: processes the cases the main thread sends, one at a time, with its own
// copy of the indicator pack. Results are plain data (structured clone).
import {parentPort, workerData} from 'node:worker_threads'

import {contextFromFiles, processCase, type CaseJob, type IndicatorFiles} from './process-case.js'

const {files, progress} = workerData as {files: IndicatorFiles; progress: boolean}
const ctx = contextFromFiles(files)

parentPort!.on('message', async (msg: {index: number; job: CaseJob}) => {
  try {
    // progress messages only when someone shows them (a terminal): each is a thread hop
    const onArtifact = progress ? (path: string) => parentPort!.postMessage({index: msg.index, progress: path}) : undefined
    const report = await processCase(msg.job, ctx, onArtifact)
    parentPort!.postMessage({index: msg.index, report})
  } catch (error) {
    parentPort!.postMessage({index: msg.index, error: (error as Error).stack ?? String(error)})
  }
})
