// Explicit command list (oclif "explicit" discovery strategy): no globbing of dist/.
import IndicatorsList from './indicators/list.js'
import IndicatorsValidate from './indicators/validate.js'
import Scan from './scan.js'

export const COMMANDS = {
  scan: Scan,
  'indicators:list': IndicatorsList,
  'indicators:validate': IndicatorsValidate,
}
