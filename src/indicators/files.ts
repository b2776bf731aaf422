// Reading analyst-supplied files (rules, IOC lists, allow lists): one wording for the error.
import {readFileSync} from 'node:fs'

export function readTextFile(file: string): {text: string} | {error: string} {
  try {
    return {text: readFileSync(file, 'utf8')}
  } catch (error) {
    return {error: `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`}
  }
}
