/**
 * The published JSON Schemas (in `schema/`) as validators. `npm install` (and every compile)
 * turns them into standalone code (`lib/read/validators.cjs`, by `scripts/compile.mjs`), so a
 * command loads ready validators instead of compiling four schemas with Ajv at every start; run
 * from the TypeScript sources (tests), they are compiled once per process.
 */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import type {ValidateFunction} from 'ajv'
import {fileURLToPath} from 'node:url'
import {toolkitFile} from '../model/toolkit.js'

const require = createRequire(import.meta.url)

export const SCHEMAS = ['edition.schema.json', 'note.schema.json', 'glossary.schema.json', 'references.schema.json'] as const

const readSchema = (name: string): object => JSON.parse(readFileSync(toolkitFile(`../schema/${name}`)!, 'utf8')) as object

function precompiled(): Record<string, ValidateFunction> | undefined {
  const file = toolkitFile('read/validators.cjs')
  if (!file) return undefined
  const validators = require(fileURLToPath(file)) as Record<string, ValidateFunction>
  // Standalone code carries no schema, and messages word the shape expected from it
  // ("`licence` must be an object with `notes`, `code`, `text`"): read it when a message needs it.
  for (const name of SCHEMAS) {
    let schema: object | undefined
    Object.defineProperty(validators[name]!, 'schema', {get: () => (schema ??= readSchema(name)), configurable: true})
  }
  return validators
}

let ready: Record<string, ValidateFunction> | undefined | null = null

function compileAll(): Record<string, ValidateFunction> {
  const {Ajv} = require('ajv') as typeof import('ajv')
  const addFormats = require('ajv-formats') as (ajv: InstanceType<typeof Ajv>) => unknown
  const ajv = new Ajv({allErrors: true, strict: false})
  addFormats(ajv)
  const out: Record<string, ValidateFunction> = {}
  for (const name of SCHEMAS) out[name] = ajv.compile(readSchema(name))
  return out
}

export function validator<T>(name: (typeof SCHEMAS)[number]): ValidateFunction<T> {
  if (ready === null) ready = precompiled()
  if (!ready) ready = compileAll()
  return ready[name] as ValidateFunction<T>
}
