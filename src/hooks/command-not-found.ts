// `dprk-triage scna`: one line naming the nearest command (oclif alone says only "not found").
import type {Hook} from '@oclif/core'

import {TriageError, errorJson, renderError} from '../commands/base.js'
import {EXIT} from '../lib/exit-codes.js'
import {nearest} from '../lib/suggest.js'

const hook: Hook<'command_not_found'> = async function (opts) {
  // with a space as topic separator oclif joins the following words (even paths) into the id:
  // try the first two words, then the first alone
  const parts = opts.id.split(':')
  const ids = opts.config.commandIDs.map((c) => c.replace(/:/g, ' '))
  let typed = parts[0]!
  let best: string | undefined
  for (let k = Math.min(2, parts.length); k >= 1 && !best; k--) {
    typed = parts.slice(0, k).join(' ')
    best = nearest(typed, ids)
  }
  if (!best) typed = parts[0]!
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
