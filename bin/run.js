#!/usr/bin/env node
// @oclif/core through require: an ESM import of a CommonJS package has Node scan its source
// for export names first (#17 start-up).
import {createRequire} from 'node:module'

const {execute} = createRequire(import.meta.url)('@oclif/core')
await execute({dir: import.meta.url})
