// `dprk-triage scna`: one line naming the nearest command (oclif alone says only "not found").
import type {Hook} from '@oclif/core'

import {TriageError, errorJson, renderError} from '../commands/base.js'
import {EXIT} from '../lib/exit-codes.js'
import {nearest} from '../lib/suggest.js'

const hook: Hook<'command_not_found'> = async function (opts) {
  const typed = opts.id.replace(/:/g, ' ')
  const ids = opts.config.commandIDs.map((c) => c.replace(/:/g, ' '))
  const best = nearest(typed, ids)
  const hint = best ? `; did you mean "${best}"?` : ''
  const err = new TriageError(`unknown command "${typed}"${hint} (commands: ${ids.join(', ')})`, {exit: EXIT.USAGE})
  if (opts.argv?.includes('--json')) {
    process.stdout.write(JSON.stringify(errorJson(err), null, 2) + '\n')
    process.exitCode = EXIT.USAGE
    return
  }
  process.stderr.write(`${renderError(err.message)}\n`)
  process.exitCode = EXIT.USAGE
}

export default hook
