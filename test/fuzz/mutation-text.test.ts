// Seeded mutation fuzzing of the text, XML, JSON and ZIP seeds (suite: mutation-suite.ts), plus
// the check that every registered parser has a recognised seed.
import {isEvtxSeed, isSqliteSeed, mutationSuite} from './mutation-suite.js'

mutationSuite('text, XML, JSON and ZIP samples', (s) => !isSqliteSeed(s) && !isEvtxSeed(s), true)
