#!/usr/bin/env node
/**
 * Compile the toolkit for running, in well under a second, so that no user's command pays for
 * run-time transpiling:
 * - TypeScript in `src/` → JavaScript in `lib/` (same layout; the view's assets copied beside it);
 * - the JSON Schemas → standalone validators (`lib/read/validators.cjs`);
 * - the CLI → one bundle in `lib/bundle/` (its dependencies inlined, writers and citeproc split
 *   into chunks loaded only by the commands that need them): resolving some 250 modules cost a
 *   third of `edition check`'s time.
 * Type checks are `tsc`'s job (`npm run typecheck`, part of `npm test`); this only strips types.
 * Runs on `npm install` (prepare), and from `bin/edition.js` whenever `src/` or `schema/` changed.
 */
import {build} from 'esbuild'
import {cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const src = join(root, 'src')
const out = join(root, 'lib')

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

const all = files(src)
rmSync(out, {recursive: true, force: true})
await build({
  entryPoints: all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')),
  outdir: out,
  outbase: src,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning'
})
// The reading view's own assets are read at run time, next to the writer that inlines them.
for (const f of all.filter((f) => !f.endsWith('.ts'))) cpSync(f, join(out, f.slice(src.length)))

// The JSON Schemas as standalone validators (src/read/schemas.ts loads them): no Ajv compile at start.
const require = createRequire(import.meta.url)
const {Ajv, _} = require('ajv')
const addFormats = require('ajv-formats')
const standaloneCode = require('ajv/dist/standalone').default
const ajv = new Ajv({allErrors: true, strict: false, code: {source: true, formats: _`require("ajv-formats/dist/formats").fullFormats`}})
addFormats(ajv)
const {SCHEMAS: schemas} = await import(join(out, 'read/schemas.js'))
for (const name of schemas) ajv.addSchema(JSON.parse(readFileSync(join(root, 'schema', name), 'utf8')), name)
writeFileSync(join(out, 'read/validators.cjs'), standaloneCode(ajv, Object.fromEntries(schemas.map((n) => [n, n]))))

// The CLI as a bundle. Packages written as CommonJS keep being loaded with `require` at run time
// (the banner gives every chunk one), from node_modules as installed.
await build({
  entryPoints: [join(out, 'cli/main.js')],
  outdir: join(out, 'bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  banner: {js: "import {createRequire as __createRequire} from 'node:module'; const require = __createRequire(import.meta.url);"}
})
writeFileSync(join(out, '.compiled'), `${new Date().toISOString()}\n`)
