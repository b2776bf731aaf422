// Worker-thread entry: processes the cases the main thread sends, one at a time, with its own
// copy of the indicator pack. Results are plain data (structured clone).
import {parentPort, workerData} from 'node:worker_threads'

import {contextFromFiles, processCase, type CaseJob, type IndicatorFiles} from './process-case.js'

const ctx = contextFromFiles(workerData as IndicatorFiles)

parentPort!.on('message', async (msg: {index: number; job: CaseJob}) => {
  try {
    const report = await processCase(msg.job, ctx, (path) => parentPort!.postMessage({index: msg.index, progress: path}))
    parentPort!.postMessage({index: msg.index, report})
  } catch (error) {
    parentPort!.postMessage({index: msg.index, error: (error as Error).stack ?? String(error)})
  }
})
