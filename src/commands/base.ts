// What every dprk-triage command shares: usage errors that name the offending flag or file, the
// documented exit codes in every mode (oclif's --json path otherwise exits 1 for every error),
// a one-line "did you mean" for unknown flags instead of oclif's parser dump.
import {Command, Errors, type Interfaces} from '@oclif/core'

import {installTempCleanup} from '../core/temp-registry.js'
import {EXIT} from '../lib/exit-codes.js'
import {nearest} from '../lib/suggest.js'

// oclif's parser output constraints (not exported from the package entry points)
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FlagOutput = {[name: string]: any}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ArgOutput = {[name: string]: any}

const CODE_NAMES: Record<number, string> = {
  [EXIT.OK]: 'ok', [EXIT.THRESHOLD]: 'threshold', [EXIT.USAGE]: 'usage', [EXIT.NOTHING_READABLE]: 'nothing-readable',
  [EXIT.INTERNAL]: 'internal', [EXIT.CASE_FAILED]: 'case-failed',
}

/** An error the user can act on: the exit code and, when known, the flag or file at fault. */
export class TriageError extends Errors.CLIError {
  readonly flag?: string
  readonly file?: string
  constructor(message: string, opts: {exit: number; flag?: string; file?: string}) {
    super(message, {exit: opts.exit})
    this.flag = opts.flag
    this.file = opts.file
  }
}

/** The JSON error object of `--json` runs (README "Exit codes"). */
export interface ErrorJson {
  error: {exitCode: number; code: string; message: string; flag?: string; file?: string}
}

export function exitCodeOf(err: unknown): number {
  const oclif = (err as {oclif?: {exit?: number}})?.oclif
  if (oclif && typeof oclif.exit === 'number') return oclif.exit
  return EXIT.INTERNAL
}

export function errorJson(err: unknown): ErrorJson {
  const exitCode = exitCodeOf(err)
  const message = err instanceof Error ? err.message : String(err)
  const t = err instanceof TriageError ? err : undefined
  // usage messages start with the flag they are about (`--host-tz: "Mars/X" is not…`)
  const flag = t?.flag ?? /^(--[a-z][a-z-]*)\b/.exec(message)?.[1]
  return {error: {exitCode, code: CODE_NAMES[exitCode] ?? 'error', message, ...(flag ? {flag} : {}), ...(t?.file ? {file: t.file} : {})}}
}

export abstract class TriageCommand extends Command {
  /** Temp folders go on every way out: normal end, error, SIGINT/SIGTERM (core/temp-registry.ts). */
  override async init(): Promise<void> {
    await super.init()
    installTempCleanup()
  }

  /** Exit 2 with a message naming the flag or file at fault. */
  protected usage(message: string, at: {flag?: string; file?: string} = {}): never {
    throw new TriageError(message, {exit: EXIT.USAGE, ...at})
  }

  protected override async parse<F extends FlagOutput, B extends FlagOutput, A extends ArgOutput>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    try {
      return await super.parse(options, argv)
    } catch (error) {
      throw this.cleanParseError(error, (options?.flags ?? {}) as Record<string, FlagInfo>)
    }
  }

  /** oclif parse errors carry the whole parser state and a help dump: keep one line and a hint. */
  private cleanParseError(error: unknown, flags: Record<string, FlagInfo>): unknown {
    if (!(error instanceof Errors.CLIError)) return error
    const id = this.id?.replace(/:/g, ' ') ?? ''
    const help = `see ${this.config.bin} ${id} --help`.replace(/\s+--help$/, ' --help')
    const unknown = (error as {flags?: string[]}).flags
    if (error.constructor.name === 'NonExistentFlagsError' && unknown?.length) {
      const flag = unknown[0]!.replace(/=.*$/, '')
      const known = flagNames(flags)
      const best = nearest(flag, known)
      const more = unknown.length > 1 ? ` (and ${unknown.slice(1).join(', ')})` : ''
      return new TriageError(`unknown flag ${flag}${more}${best ? `; did you mean ${best}?` : ''} (${help})`, {exit: EXIT.USAGE, flag})
    }
    const first = error.message.split('\n').map((l) => l.trim()).filter((l) => l && !/^See more help with --help$/.test(l))
    const message = first.join('; ').replace(/^The following errors? occurred:;\s*/, '')
    const flag = /--([a-z][a-z-]*)/.exec(message)?.[0]
    return new TriageError(`${message} (${help})`, {exit: exitCodeOf(error) === EXIT.INTERNAL ? EXIT.USAGE : exitCodeOf(error), flag})
  }

  protected override async catch(err: Interfaces.CommandError): Promise<unknown> {
    const code = exitCodeOf(err)
    process.exitCode = code
    if (this.jsonEnabled()) {
      this.logJson(errorJson(err))
      return
    }
    if (err instanceof Errors.ExitError) throw err
    // one unwrapped line (oclif wraps at 80 columns off a terminal, which breaks grep and logs)
    const message = code === EXIT.INTERNAL && !(err instanceof Errors.CLIError) ? `internal error: ${err.message}` : err.message
    process.stderr.write(`${renderError(message)}\n`)
    return this.exit(code)
  }

  protected override toErrorJson(err: unknown): ErrorJson {
    return errorJson(err)
  }
}

/** `Error: first line`, further lines indented (lists of problems in a rules file). */
export function renderError(message: string): string {
  return message.split('\n').map((l, i) => (i === 0 ? `Error: ${l}` : `  ${l}`)).join('\n')
}

interface FlagInfo {char?: string; allowNo?: boolean; hidden?: boolean}

function flagNames(flags: Record<string, FlagInfo>): string[] {
  const out: string[] = ['--json', '--help']
  for (const [name, f] of Object.entries(flags)) {
    if (f.hidden) continue
    out.push(`--${name}`)
    if (f.allowNo) out.push(`--no-${name}`)
  }
  return out
}
