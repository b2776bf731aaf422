// Explicit command list (oclif "explicit" discovery strategy): no globbing of dist/.
import Artifacts from './artifacts.js'
import IndicatorsList from './indicators/list.js'
import IndicatorsValidate from './indicators/validate.js'
import Scan from './scan.js'

export const COMMANDS = {
  artifacts: Artifacts,
  scan: Scan,
  'indicators:list': IndicatorsList,
  'indicators:validate': IndicatorsValidate,
}
