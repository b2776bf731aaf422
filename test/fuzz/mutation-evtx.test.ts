// Seeded mutation fuzzing of the raw event-log seeds (suite: mutation-suite.ts): the small corpus
// .evtx files and the ones written by test/support/evtx-writer.ts.
import {isEvtxSeed, mutationSuite} from './mutation-suite.js'

mutationSuite('raw EVTX logs', isEvtxSeed, false)
