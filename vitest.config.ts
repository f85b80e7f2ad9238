import {fileURLToPath} from 'node:url'
import {defineConfig} from 'vitest/config'

// Tests format citations with the CSL styles kept in ../shared/validators/csl (Chicago, APA), so
// they do not depend on Debian's citation-style-language-styles being installed.
const styles = fileURLToPath(new URL('../shared/validators/csl', import.meta.url))

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Citations are formatted afresh in every test (tests/cite-cache.test.ts tests the cache itself).
    env: {CSL_STYLES: styles, EDITION_CACHE: '0'},
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser and validator tests start Chromium and Java: keep them from fighting for 2 cores.
    maxWorkers: 2,
    reporters: ['default', './tests/helpers/summary-reporter.ts']
  }
})
