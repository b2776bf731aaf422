// `node --import ./register.mjs child.ts`: installs the TypeScript hooks (see ts-hooks.mjs).
import {register} from 'node:module'

register('./ts-hooks.mjs', import.meta.url)
