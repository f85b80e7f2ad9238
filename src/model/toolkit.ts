/**
 * Files the toolkit ships beside its code (the reading view's CSS and script, CETEIcean's
 * behaviours, the compiled schema validators), found from wherever the code runs: the sources
 * (`src/`), the compiled files (`lib/`) or the bundle the CLI loads (`lib/bundle/`). `path` is
 * relative to `src/`, e.g. `view/style.css`.
 */
import {existsSync} from 'node:fs'

export function toolkitFile(path: string): URL | undefined {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    const candidate = new URL(path, dir)
    if (existsSync(candidate)) return candidate
    if (dir.pathname === '/') return undefined
  }
}
