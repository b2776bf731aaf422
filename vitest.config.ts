import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // oclif writes straight to stdout/stderr; keep it visible to the tests that capture it
    disableConsoleIntercept: true,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // one temp folder per run, removed afterwards (tests and the CLIs they spawn write there)
    globalSetup: ['./test/support/temp-sandbox.ts'],
    reporters: ['default', './test/support/count-reporter.ts'],
  },
})
