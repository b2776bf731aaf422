// Seeded mutation fuzzing of the SQLite browser-history seeds (suite: mutation-suite.ts), in its
// own file so it runs in parallel with the text seeds.
import {isSqliteSeed, mutationSuite} from './mutation-suite.js'

mutationSuite('SQLite browser DBs', isSqliteSeed, false)
