/** The published JSON Schemas (in `schema/`), compiled once. */
import {readFileSync} from 'node:fs'
import {Ajv, type ValidateFunction} from 'ajv'
import addFormatsModule from 'ajv-formats'

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as {default?: unknown}).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv

const ajv = new Ajv({allErrors: true, strict: false})
addFormats(ajv)

function schema(name: string): object {
  return JSON.parse(readFileSync(new URL(`../../schema/${name}`, import.meta.url), 'utf8')) as object
}

const compiled = new Map<string, ValidateFunction>()
export function validator<T>(name: string): ValidateFunction<T> {
  let v = compiled.get(name)
  if (!v) {
    v = ajv.compile(schema(name))
    compiled.set(name, v)
  }
  return v as ValidateFunction<T>
}
