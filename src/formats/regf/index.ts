// REGF registry hive reader: no artifact knowledge (that lives in src/artifacts/hive/).
export * from './base-block.js'
export * from './hive.js'
export * from './logs.js'
export * from './marvin32.js'
export * from './recover.js'
export * from './source.js'
export * from './values.js'
