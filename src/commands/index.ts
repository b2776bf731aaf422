// Explicit command list (oclif "explicit" discovery strategy): no globbing of dist/.
import Scan from './scan.js'

export const COMMANDS = {
  scan: Scan,
}
