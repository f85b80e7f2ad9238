/**
 * YAML with located errors: syntax errors and JSON Schema violations both point at the
 * line and column of the offending key or value in the source file.
 */
import {isMap, isPair, isScalar, parseDocument, type Document, type Node as YamlNode} from 'yaml'
import type {ErrorObject, ValidateFunction} from 'ajv'
import type {VFile} from 'vfile'
import {error, toPlace, type Place} from '../model/messages.js'

/**
 * Parse `yamlText`, which starts at character `offset` of `file.value`, and validate it.
 * Returns the data when there is no error, else `undefined` (every problem recorded on `file`).
 */
export interface YamlResult<T> {
  data: T
  /** Line and column of the value at `path` (of the key, with `key: true`); the document start when absent. */
  at(path: (string | number)[], key?: boolean): Place
}

export function readYaml<T>(file: VFile, yamlText: string, offset: number, validate: ValidateFunction<T>, what: string): YamlResult<T> | undefined {
  const whole = String(file.value)
  const at = (o: number) => toPlace(whole, offset + o)
  const doc = parseDocument(yamlText, {prettyErrors: false, uniqueKeys: true})
  for (const e of doc.errors) error(file, `${what}: YAML syntax: ${e.message.split('\n')[0]}`, at(e.pos[0]), 'yaml-syntax')
  if (doc.errors.length) return undefined
  for (const w of doc.warnings) error(file, `${what}: YAML: ${w.message.split('\n')[0]}`, at(w.pos[0]), 'yaml-syntax')
  const data: unknown = doc.toJS({maxAliasCount: 100})
  if (validate(data)) {
    return {
      data,
      at(path, key) {
        const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents
        if (key && isMap(parent)) {
          const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1])
          if (pair && (pair.key as YamlNode).range) return at((pair.key as YamlNode).range![0])
        }
        const node = doc.getIn(path, true) as YamlNode | undefined
        return at(node?.range?.[0] ?? 0)
      }
    }
  }
  for (const e of validate.errors ?? []) {
    const {node, key} = locate(doc, e)
    const range = (key ?? node)?.range
    error(file, `${what}: ${describe(e)}`, range ? at(range[0]) : at(0), `schema-${e.keyword}`)
  }
  return undefined
}

/** The YAML node an Ajv error is about (the key itself for an unknown key). */
function locate(doc: Document, e: ErrorObject): {node?: YamlNode; key?: YamlNode} {
  const path = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  const segments = path.map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  const node = (segments.length ? doc.getIn(segments, true) : doc.contents) as YamlNode | undefined
  if (e.keyword === 'additionalProperties' && isMap(node)) {
    const extra = (e.params as {additionalProperty: string}).additionalProperty
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === extra)
    if (pair) return {node, key: pair.key as YamlNode}
  }
  return {node: node ?? undefined}
}

function describe(e: ErrorObject): string {
  const where = e.instancePath ? `\`${e.instancePath.slice(1).replace(/\//g, '.')}\`` : 'top level'
  switch (e.keyword) {
    case 'additionalProperties':
      return `unknown key \`${(e.params as {additionalProperty: string}).additionalProperty}\` at ${where}`
    case 'required':
      return `missing key \`${(e.params as {missingProperty: string}).missingProperty}\` at ${where}`
    case 'enum':
      return `${where} must be one of ${(e.params as {allowedValues: unknown[]}).allowedValues.map((v) => `\`${String(v)}\``).join(', ')}`
    default:
      return `${where} ${e.message ?? 'is invalid'}`
  }
}
