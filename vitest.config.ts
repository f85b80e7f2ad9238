import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser and validator tests start Chromium and Java: keep them from fighting for 2 cores.
    maxWorkers: 2,
    reporters: ['default', './tests/helpers/summary-reporter.ts']
  }
})
