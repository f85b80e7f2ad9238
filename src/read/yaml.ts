/**
 * YAML with located errors: syntax errors and JSON Schema violations both point at the
 * line and column of the offending key or value in the source file, and a wrong shape is
 * explained with the shape expected ("`licence` must be an object with `notes`, `code`, `text`").
 *
 * Bounds (model/limits.ts): anchors and aliases are refused (no alias bomb can expand), nesting
 * deeper than `MAX_YAML_DEPTH` is refused before anything recurses over it, and at most
 * `MAX_MESSAGES_PER_FILE` schema messages are recorded per file, each found in constant time.
 */
import {isAlias, isCollection, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node as YamlNode, type Pair, type YAMLMap} from 'yaml'
import type {ErrorObject, ValidateFunction} from 'ajv'
import type {VFile} from 'vfile'
import {error, lineIndex, type Place} from '../model/messages.js'
import {MAX_MESSAGES_PER_FILE, MAX_YAML_DEPTH} from '../model/limits.js'
import {nearest} from './nearest.js'

/**
 * Parse `yamlText`, which starts at character `offset` of `file.value`, and validate it.
 * Returns the data when there is no error, else `undefined` (every problem recorded on `file`).
 */
export interface YamlResult<T> {
  data: T
  /** Line and column of the value at `path` (of the key, with `key: true`); the document start when absent. */
  at(path: (string | number)[], key?: boolean): Place
}

export interface YamlOptions {
  /** Where the reader learns the shape, added to schema messages (e.g. the README's section). */
  guide?: string
}

export function readYaml<T>(file: VFile, yamlText: string, offset: number, validate: ValidateFunction<T>, what: string, options: YamlOptions = {}): YamlResult<T> | undefined {
  const lines = lineIndex(file)
  const at = (o: number) => lines.place(offset + o)
  let doc: Document
  try {
    // Duplicate keys are found by refuseShape, in linear time (the parser's own check is quadratic).
    doc = parseDocument(yamlText, {prettyErrors: false, uniqueKeys: false})
  } catch (cause) {
    // The parser recurses per nesting level; a stack overflow is a bound, not a crash.
    error(file, `${what}: YAML cannot be read: ${cause instanceof RangeError ? `it nests too deep (the limit is ${MAX_YAML_DEPTH} levels)` : String(cause)}`, at(0), 'yaml-syntax')
    return undefined
  }
  for (const e of doc.errors) {
    // The parser turns its own stack overflow into a syntax error; say what it means.
    const deep = /call stack/i.test(e.message)
    error(file, deep ? `${what}: YAML nested more than ${MAX_YAML_DEPTH} levels deep is not allowed` : `${what}: YAML syntax: ${e.message.split('\n')[0]}`, at(e.pos[0]), deep ? 'yaml-depth' : 'yaml-syntax')
  }
  if (doc.errors.length) return undefined
  for (const w of doc.warnings) error(file, `${what}: YAML: ${w.message.split('\n')[0]}`, at(w.pos[0]), 'yaml-syntax')
  const refused = refuseShape(doc, yamlText)
  for (const r of refused) error(file, `${what}: ${r.reason}`, at(r.offset), r.rule)
  if (refused.length) return undefined
  let data: unknown
  try {
    data = doc.toJS({maxAliasCount: 0})
  } catch (cause) {
    error(file, `${what}: YAML cannot be read: ${String(cause)}`, at(0), 'yaml-syntax')
    return undefined
  }
  if (validate(data)) {
    return {
      data,
      at(path, key) {
        const parent = path.length > 1 ? doc.getIn(path.slice(0, -1), true) : doc.contents
        if (key && isMap(parent)) {
          const pair = pairOf(parent, path[path.length - 1]!)
          if (pair && (pair.key as YamlNode).range) return at((pair.key as YamlNode).range![0])
        }
        const node = doc.getIn(path, true) as YamlNode | undefined
        return at(node?.range?.[0] ?? 0)
      }
    }
  }
  const errors = (validate.errors ?? []).filter((e) => !HIDDEN.has(e.keyword))
  const guide = options.guide ? ` (${options.guide})` : ''
  for (const e of errors.slice(0, MAX_MESSAGES_PER_FILE)) {
    const {node, key} = locate(doc, e)
    const range = (key ?? node)?.range
    const value = isScalar(node) ? node.value : undefined
    error(file, `${what}: ${describe(e, validate.schema, value)}${guide}`, range ? at(range[0]) : at(0), `schema-${e.keyword}`)
  }
  if (errors.length > MAX_MESSAGES_PER_FILE) {
    error(file, `${what}: ${errors.length - MAX_MESSAGES_PER_FILE} more problems of the same kinds are not listed`, at(0), 'too-many')
  }
  return undefined
}

/**
 * Line and column of the value at `path` in `text` (YAML or JSON, starting at character `offset`
 * of `file.value`), for messages about data that was parsed another way (`JSON.parse`). The text
 * is parsed only when a place is first asked for.
 */
export function yamlLocator(file: VFile, text: string, offset: number): (path: (string | number)[]) => Place {
  const lines = lineIndex(file)
  let doc: Document | undefined
  return (path) => {
    try {
      doc ??= parseDocument(text, {prettyErrors: false, uniqueKeys: false})
      const node = (path.length ? doc.getIn(path, true) : doc.contents) as YamlNode | undefined
      return lines.place(offset + (node?.range?.[0] ?? 0))
    } catch {
      return lines.place(offset)
    }
  }
}

/** Keywords whose errors only repeat another's (`if` fails whenever its `then` does). */
const HIDDEN = new Set(['if'])

/**
 * Anchors, aliases, tags, duplicate keys and nesting beyond the bound, in file order: found in one walk
 * over the nodes, with an explicit stack, before anything recursive (`toJS`, the schema) runs.
 */
function refuseShape(doc: Document, text: string): {reason: string; offset: number; rule: string}[] {
  const found: {reason: string; offset: number; rule: string}[] = []
  const stack: [unknown, number][] = [[doc.contents, 1]]
  while (stack.length && found.length < MAX_MESSAGES_PER_FILE) {
    const [node, depth] = stack.pop()!
    if (node === null || node === undefined) continue
    const n = node as YamlNode & {anchor?: string}
    const offset = n.range?.[0] ?? 0
    if (isAlias(node)) {
      found.push({reason: `YAML aliases (\`*${node.source}\`) are not allowed: write the value out in full`, offset, rule: 'yaml-alias'})
      continue
    }
    // Tags make binary data, dates or a custom type of a value; only `!!str` (force text) is useful here.
    const tag = (n as {tag?: string}).tag
    if (tag && tag !== 'tag:yaml.org,2002:str') {
      const short = tag.replace('tag:yaml.org,2002:', '!!')
      const at = text.lastIndexOf(short, offset)
      found.push({reason: `YAML tags (\`${short}\`) are not allowed: write the value as text`, offset: at === -1 ? offset : at, rule: 'yaml-tag'})
    }
    if (n.anchor) {
      // The node starts after its anchor: point at the `&` itself.
      const at = text.lastIndexOf(`&${n.anchor}`, offset)
      found.push({reason: `YAML anchors (\`&${n.anchor}\`) are not allowed: write each value out in full`, offset: at === -1 ? offset : at, rule: 'yaml-alias'})
    }
    if (!isCollection(node)) continue
    if (depth > MAX_YAML_DEPTH) {
      found.push({reason: `YAML nested more than ${MAX_YAML_DEPTH} levels deep is not allowed`, offset, rule: 'yaml-depth'})
      continue
    }
    const keys = isMap(node) ? new Set<unknown>() : undefined
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (isCollection(item.key)) {
          // A list or a map as a key (`? [a, b]: c`, `{[a]: 1}`): no schema key is one.
          found.push({reason: 'YAML keys must be plain text, not a list or a map', offset: (item.key as YamlNode).range?.[0] ?? offset, rule: 'yaml-syntax'})
          continue
        }
        if (keys && isScalar(item.key)) {
          if (keys.has(item.key.value)) found.push({reason: `YAML syntax: Map keys must be unique: \`${String(item.key.value)}\` is given twice`, offset: item.key.range?.[0] ?? offset, rule: 'yaml-syntax'})
          keys.add(item.key.value)
        }
        stack.push([item.key, depth + 1], [item.value, depth + 1])
      } else stack.push([item, depth + 1])
    }
  }
  return found.sort((x, y) => x.offset - y.offset)
}

/** A map's pairs by key, made once per map: finding 40,000 unknown keys stays linear. */
const pairsByKey = new WeakMap<YAMLMap, Map<unknown, Pair>>()
function pairOf(map: YAMLMap, key: string | number): Pair | undefined {
  let index = pairsByKey.get(map)
  if (!index) {
    index = new Map()
    for (const p of map.items) if (isPair(p) && isScalar(p.key) && !index.has(p.key.value)) index.set(p.key.value, p)
    pairsByKey.set(map, index)
  }
  return index.get(key)
}

/** The YAML node an Ajv error is about (the key itself for an unknown key). */
function locate(doc: Document, e: ErrorObject): {node?: YamlNode; key?: YamlNode} {
  const path = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  const segments = path.map((p) => (/^\d+$/.test(p) ? Number(p) : p))
  const node = (segments.length ? doc.getIn(segments, true) : doc.contents) as YamlNode | undefined
  if (e.keyword === 'additionalProperties' && isMap(node)) {
    const pair = pairOf(node, (e.params as {additionalProperty: string}).additionalProperty)
    if (pair) return {node, key: pair.key as YamlNode}
  }
  return {node: node ?? undefined}
}

/** A JSON Schema node, loosely typed: what the messages read from it. */
interface SchemaNode {
  type?: string | string[]
  properties?: Record<string, SchemaNode>
  required?: string[]
  items?: SchemaNode
  enum?: unknown[]
  const?: unknown
  format?: string
  pattern?: string
  description?: string
  examples?: unknown[]
  $ref?: string
  minItems?: number
  maxItems?: number
  minLength?: number
  maxLength?: number
}

/** The schema node at a JSON pointer (`#/properties/licence`), following one `$ref`. */
function schemaAt(root: unknown, pointer: string): SchemaNode | undefined {
  let node = root as SchemaNode | undefined
  for (const part of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')] as SchemaNode | undefined
  }
  if (node?.$ref?.startsWith('#')) return schemaAt(root, node.$ref)
  return node
}

const code = (s: unknown) => `\`${String(s)}\``
const list = (xs: string[]) => xs.map(code).join(', ')

/** The shape a schema node asks for, in words: "an object with `notes`, `code`, `text`". */
export function shape(s: SchemaNode | undefined, root?: unknown): string {
  if (!s) return 'something else'
  if (s.$ref && root) return shape(schemaAt(root, s.$ref), root)
  if (s.enum) return `one of ${list(s.enum.map(String))}`
  if (s.const !== undefined) return code(s.const)
  const type = Array.isArray(s.type) ? s.type[0] : s.type
  switch (type) {
    case 'object': {
      const required = s.required ?? []
      const optional = Object.keys(s.properties ?? {}).filter((k) => !required.includes(k) && !(s.properties![k] as {not?: unknown}).not)
      if (!required.length && !optional.length) return 'an object (key: value lines)'
      return `an object with ${required.length ? list(required) : 'no required key'}${optional.length ? ` (and optionally ${list(optional)})` : ''}`
    }
    case 'array': {
      const count = s.minItems !== undefined && s.minItems === s.maxItems ? `${s.minItems} ` : ''
      const item = s.items?.$ref && root ? schemaAt(root, s.items.$ref) : s.items
      const of = shape(item, root)
      if (of.startsWith('an object with')) return `a list of ${count}objects, each ${of.slice('an object '.length)}`
      if (of.startsWith('one of')) return `a list of ${count}values, each ${of}`
      const plural: Record<string, string> = {'a string (text)': 'strings', 'a whole number': 'whole numbers', 'a number': 'numbers', 'an http(s) address': 'http(s) addresses'}
      return `a list of ${count}${plural[of] ?? 'values'}`
    }
    case 'string':
      return s.format === 'date' ? 'a date written YYYY-MM-DD, in quotes' : s.format === 'uri' ? 'an http(s) address' : 'a string (text)'
    case 'integer':
      return 'a whole number'
    case 'number':
      return 'a number'
    case 'boolean':
      return '`true` or `false`'
    default:
      return 'a value'
  }
}

function describe(e: ErrorObject, schema: unknown, value?: unknown): string {
  const where = e.instancePath ? code(e.instancePath.slice(1).replace(/\//g, '.')) : 'top level'
  const parentPointer = e.schemaPath.replace(/\/[^/]*$/, '')
  const parent = schemaAt(schema, parentPointer)
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = (e.params as {additionalProperty: string}).additionalProperty
      const guess = nearest(extra, Object.keys(parent?.properties ?? {}))
      return `unknown key ${code(extra)} at ${where}${guess ? `: did you mean ${code(guess)}?` : ''}`
    }
    case 'required': {
      const missing = (e.params as {missingProperty: string}).missingProperty
      const wanted = parent?.properties?.[missing]
      const example = wanted?.examples?.[0]
      return `missing key ${code(missing)} at ${where}${wanted ? `: ${shape(wanted, schema)}` : ''}${example !== undefined ? `, e.g. ${code(`${missing}: ${JSON.stringify(example)}`)}` : ''}`
    }
    case 'enum': {
      const allowed = (e.params as {allowedValues: unknown[]}).allowedValues.map(String)
      const guess = typeof value === 'string' ? nearest(value, allowed) : undefined
      // A long list (the CSL types, the CSL variables) is named, not printed.
      const what = allowed.length > 12 ? `one of the ${allowed.length} values ${parent?.description ? `the schema allows (${parent.description})` : 'the schema allows'}` : `one of ${list(allowed)}`
      return `${where} must be ${what}${guess ? `: did you mean ${code(guess)}?` : ''}`
    }
    case 'type':
      return `${where} must be ${shape(parent, schema)}`
    case 'maxLength':
    case 'maxItems':
      return `${where} ${e.message ?? 'is too long'} (a bound of the toolkit: see “What the tool promises about bad input” in the README)`
    case 'const':
      return `${where} must be ${code((e.params as {allowedValue: unknown}).allowedValue)}`
    default:
      return `${where} ${e.message ?? 'is invalid'}`
  }
}
