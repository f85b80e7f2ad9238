/**
 * Citations through citeproc-js, once per edition: every citation in reading order, with the
 * position CSL gives it (first, subsequent, ibid, ibid-with-locator, near-note), computed here as
 * Pandoc's citeproc computes it. The registry sees every cited work before anything is formatted,
 * so two works by one author in one year become 1990a and 1990b everywhere; author-in-text
 * citations read "Smith (1990, 5)"; note styles give short forms and "ibid." where the style has
 * them. Loaded only when something is cited.
 *
 * Works reach citeproc under neutral ids (`w0`, `w1`, …), so no citation key (`constructor`,
 * `__proto__`) can reach one of its plain objects.
 */
import {createRequire} from 'node:module'
import {existsSync, readFileSync} from 'node:fs'
import {basename, isAbsolute, join, relative} from 'node:path'
import type {Citation, CslItem} from '../model/edition.js'
import {cleanItem} from '../model/csl.js'
import {MAX_FILE_BYTES, MAX_STYLE_DEPTH} from '../model/limits.js'
import {VFile} from 'vfile'
import {decodeInto, readRegularFile} from '../read/files.js'

const require = createRequire(import.meta.url)

/** Folders searched for a style given by name. */
export const STYLE_DIRS = [...(process.env.CSL_STYLES ? process.env.CSL_STYLES.split(':') : []), '/usr/share/citation-style-language/styles']
const LOCALE_DIRS = ['/usr/share/citation-style-language/locales']

/** Styles that ship with the toolkit's dependencies, usable when no CSL folder is installed. */
const BUILT_IN = new Set(['apa', 'vancouver', 'harvard1'])

/** A style's name as the style folders hold it: `chicago-author-date`, never a path. */
const STYLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

export interface CiteStyle {
  /**
   * The style as outputs name it: a style's name, or a `.csl` file's path relative to the edition
   * (its file name when it lies elsewhere), so no output carries a local absolute path.
   */
  name: string
  /** Where it was read from (a path, for messages), or its name for a built-in style. */
  path: string
  xml: string
  /** Set when the requested style was not found and APA is used instead. */
  fallback?: string
  /** The style file's real path, when it is a file (outputs must never replace it). */
  real?: string
  /** Set when the style file cannot be read (outside the edition, not a regular file, too large). */
  refused?: string
}

function builtIn(name: string): string {
  return (require('@citation-js/plugin-csl/lib/styles.json') as Record<string, string>)[name]!
}

/**
 * A style file's text, or why it cannot be read: a regular file of at most `MAX_FILE_BYTES`,
 * inside `root` when one is given (a style named in edition.yaml belongs to the edition; one
 * given on the command line is the user's own choice).
 */
function readStyle(path: string, root?: string | readonly string[]): {xml: string; real: string} | {refused: string} {
  const read = readRegularFile(path, {maxBytes: MAX_FILE_BYTES, ...(root !== undefined ? {root} : {})})
  if ('problem' in read) return {refused: `it ${read.problem}`}
  // Decoded as every edition file is: bytes that are not UTF-8 are refused, not replaced silently.
  const file = new VFile()
  decodeInto(file, read.bytes)
  const bad = file.messages.find((m) => m.fatal)
  return bad ? {refused: `it is not UTF-8 (line ${bad.line}, column ${bad.column}): save it as UTF-8`} : {xml: String(file.value), real: read.real}
}

/**
 * Find a CSL style: a `.csl` path (relative to `base`), or a name in the style folders. A style
 * from edition.yaml passes the edition's `root`: its file must lie inside it.
 */
export function resolveStyle(style: string, base: string, root?: string | readonly string[]): CiteStyle {
  const isPath = style.endsWith('.csl')
  const candidates = isPath ? [isAbsolute(style) ? style : join(base, style)] : STYLE_NAME.test(style) ? STYLE_DIRS.map((dir) => join(dir, `${style}.csl`)) : []
  const path = candidates.find((p) => existsSync(p))
  if (path) {
    const inEdition = root !== undefined ? relative(typeof root === 'string' ? root : root[0]!, path) : undefined
    const name = !isPath ? style : inEdition !== undefined && !inEdition.startsWith('..') && !isAbsolute(inEdition) ? inEdition.split('\\').join('/') : basename(path)
    const read = readStyle(path, isPath ? root : undefined)
    return 'xml' in read ? {name, path, xml: read.xml, real: read.real} : {name, path, xml: '', refused: read.refused}
  }
  if (BUILT_IN.has(style)) return {name: style, path: style, xml: builtIn(style)}
  const looked = candidates.length ? `looked in ${candidates.join(', ')}` : 'a style is a name such as `chicago-author-date` or a path ending in `.csl`'
  return {
    name: 'apa',
    path: 'apa',
    xml: builtIn('apa'),
    fallback: `CSL style \`${style}\` was not found (${looked}); using APA. Install it with \`apt-get install citation-style-language-styles\` or give a .csl path`
  }
}

/** Names that would reach `Object.prototype` if citeproc used them as keys of a plain object. */
const PROTOTYPE_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype'])

/**
 * Why a style cannot be used, found without loading citeproc (so an edition that cites nothing
 * still learns of it): it must be a CSL `<style>` with a `<citation>` and a `<bibliography>`,
 * nest at most `MAX_STYLE_DEPTH` deep (citeproc recurses per level), and use no name that is a
 * property of every object (`<names variable="__proto__">` would make citeproc write into
 * `Object.prototype`, and every later page the server makes would fail).
 */
export function unusable(style: CiteStyle): string | undefined {
  if (style.refused) return style.refused
  const xml = style.xml.replace(/<!--[\s\S]*?-->/g, '')
  if (!/<style[\s>][\s\S]*<\/style>/.test(xml) || !/xmlns=["']http:\/\/purl\.org\/net\/xbiblio\/csl["']/.test(xml)) return 'it is not a CSL style (no <style> element in the CSL namespace)'
  if (!/<citation[\s>]/.test(xml)) return 'it has no <citation>'
  if (!/<bibliography[\s>]/.test(xml)) return 'it has no <bibliography> (the edition needs one)'
  return structure(xml)
}

/** One linear pass over the tags: nesting depth and balance, and names citeproc would use as keys. */
function structure(xml: string): string | undefined {
  const stack: string[] = []
  // Attribute values may hold `>` (`delimiter=" > "`): a tag is read quote by quote.
  const tag = /<(\/?)([^\s/>!?"']+)((?:[^>"']|"[^"]*"|'[^']*')*)>|<!\[CDATA\[[\s\S]*?\]\]>|<[!?][^>]*>/g
  for (const m of xml.matchAll(tag)) {
    const [, close, name, attributes] = m
    if (name === undefined) continue
    const selfClosing = attributes!.endsWith('/')
    if (PROTOTYPE_NAMES.has(name)) return `it has an element named \`${name}\``
    for (const a of (attributes ?? '').matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) {
      if (PROTOTYPE_NAMES.has(a[1]!)) return `<${name}> has an attribute named \`${a[1]}\``
      const bad = (a[3] ?? a[4] ?? '').split(/\s+/).find((v) => PROTOTYPE_NAMES.has(v))
      if (bad) return `<${name} ${a[1]}="${bad}"> names no CSL ${a[1]}: \`${bad}\` is refused`
    }
    if (close) {
      const open = stack.pop()
      if (open !== name) return `its XML is not well formed: ${open ? `<${open}> is not closed before </${name}>` : `</${name}> closes nothing`}`
    } else if (!selfClosing) {
      stack.push(name)
      if (stack.length > MAX_STYLE_DEPTH) return `it nests ${MAX_STYLE_DEPTH + 1} elements deep, more than the limit of ${MAX_STYLE_DEPTH}`
    }
  }
  return stack.length ? `its XML is not well formed: <${stack.at(-1)}> is never closed` : undefined
}

function locale(lang: string): string {
  for (const dir of LOCALE_DIRS) {
    const path = join(dir, `locales-${lang}.xml`)
    if (existsSync(path)) return readFileSync(path, 'utf8')
  }
  const shipped = require('@citation-js/plugin-csl/lib/locales.json') as Record<string, string>
  return shipped[lang] ?? shipped['en-US']!
}

/** One citation, as the edition met it: its works, whether it is author-in-text, and its note. */
export interface Cluster {
  items: Citation[]
  inText: boolean
  /** The annotation (note) it stands in, counted from 1 in reading order. */
  noteIndex: number
}

export interface Formatted {
  /** Citeproc's HTML for each cluster, in the order given. */
  citations: string[]
  /** Bibliography entries (citeproc's HTML for each `csl-entry`), in the style's order. */
  bibliography: {id: string; html: string}[]
  /** `note` for notes-and-bibliography styles. */
  class: 'note' | 'in-text'
  /** What citeproc warned of (an attribute it does not know, …), each once. */
  warnings: string[]
}

const POSITION = {first: 0, subsequent: 1, ibid: 2, ibidWithLocator: 3}
const NEAR_NOTE_DISTANCE = 5

/** Same locator: both without, or the same label and value. */
const sameLocator = (a: Citation, b: Citation) => (a.locator ?? '') === (b.locator ?? '') && (a.locator ? (a.label ?? 'page') === (b.label ?? 'page') : true)

/**
 * Format every cluster and the bibliography in one pass. `references` are the works, `cited` the
 * ids the bibliography lists (in first-citation order); every key in `clusters` must be a reference.
 */
export function formatAll(references: CslItem[], style: CiteStyle, clusters: Cluster[], cited: string[], lang = 'en-US'): Formatted {
  const CSL = require('citeproc') as Citeproc
  const warnings = new Set<string>()
  // citeproc prints its warnings with console.log: they are collected, not mixed into the output.
  const debug = CSL.debug
  CSL.debug = (message: string) => void warnings.add(String(message))
  try {
    return {...guardPrototypes(() => format(CSL, references, style, clusters, cited, lang, warnings)), warnings: [...warnings]}
  } catch (cause) {
    // An engine that took part in a failure is not kept: the same style must fail the same way next time.
    engines.clear()
    // citeproc throws strings ("citeproc-js error: …"), and malformed styles throw TypeErrors.
    if (cause instanceof StyleError) throw cause
    throw new StyleError(`citeproc says ${cause instanceof Error ? cause.message : String(cause)}`)
  } finally {
    CSL.debug = debug
  }
}

/** A style that citeproc could not use; its message says why. */
export class StyleError extends Error {}

/** The prototypes a style's names could reach through citeproc's plain objects. */
const GUARDED = [Object.prototype, Array.prototype, Function.prototype, String.prototype]

/**
 * Run `fn`, and undo anything it did to the built-in prototypes. A style is untrusted input, and
 * citeproc keys plain objects by its names: a change to `Object.prototype` would outlive the
 * build and break every later request of the dev server. The check is cheap (four objects).
 */
function guardPrototypes<T>(fn: () => T): T {
  // Maps, not plain objects: a descriptor looked up by a polluted name must not be inherited.
  const before = GUARDED.map((p) => new Map(Reflect.ownKeys(p).map((k) => [k, Object.getOwnPropertyDescriptor(p, k)!])))
  let changed: string | undefined
  try {
    return fn()
  } finally {
    GUARDED.forEach((proto, i) => {
      const was = before[i]!
      for (const key of Reflect.ownKeys(proto)) {
        const old = was.get(key)
        const now = Object.getOwnPropertyDescriptor(proto, key)!
        if (!old) {
          delete (proto as Record<PropertyKey, unknown>)[key]
          changed ??= String(key)
        } else if (old.value !== now.value || old.get !== now.get || old.set !== now.set) {
          Object.defineProperty(proto, key, old)
          changed ??= String(key)
        }
      }
      for (const [key, old] of was) {
        if (!Object.getOwnPropertyDescriptor(proto, key)) {
          Object.defineProperty(proto, key, old)
          changed ??= String(key)
        }
      }
    })
    // Thrown after the restore, from `finally`, so it replaces whatever fn threw.
    // eslint-disable-next-line no-unsafe-finally
    if (changed !== undefined) throw new StyleError(`it made citeproc change a property of every object (\`${changed}\`); the change was undone`)
  }
}

function format(CSL: Citeproc, references: CslItem[], style: CiteStyle, clusters: Cluster[], cited: string[], lang: string, warnings: Set<string>): Omit<Formatted, 'warnings'> {
  const made = engineFor(CSL, references, style, cited, lang)
  // What citeproc warned of while making the engine, again for a kept one.
  for (const w of made.warnings) warnings.add(w)
  const {engine, internal, noteStyle, cache} = made

  // Positions, as CSL 1.0.2 defines them, tracked across the whole edition in reading order.
  const firstNote = new Map<string, number>()
  const lastNote = new Map<string, number>()
  let previous: Citation[] = []
  const citations = clusters.map((cluster) => {
    // A key the bibliography cannot give (its entry is broken, and reported) is left out.
    const items = cluster.items.filter((c) => internal.has(c.key))
    const rendered = items.map((c, i) => {
      const before = i > 0 ? items[i - 1] : previous.length === 1 ? previous[0] : undefined
      let position = firstNote.has(c.key) ? POSITION.subsequent : POSITION.first
      if (before && before.key === c.key) {
        if (sameLocator(c, before)) position = POSITION.ibid
        else if (c.locator) position = POSITION.ibidWithLocator
      }
      const near = lastNote.has(c.key) && cluster.noteIndex - lastNote.get(c.key)! <= NEAR_NOTE_DISTANCE
      const item = {
        id: internal.get(c.key)!,
        position,
        'near-note': near,
        'first-reference-note-number': firstNote.get(c.key) ?? cluster.noteIndex,
        ...(c.locator ? {locator: c.locator, label: c.label ?? 'page'} : {}),
        ...(c.prefix ? {prefix: c.prefix + ' '} : {}),
        ...(c.suffix ? {suffix: ', ' + c.suffix} : {}),
        ...(c.suppressAuthor ? {'suppress-author': true} : {})
      }
      return item
    })
    for (const c of cluster.items) {
      if (!firstNote.has(c.key)) firstNote.set(c.key, cluster.noteIndex)
      lastNote.set(c.key, cluster.noteIndex)
    }
    previous = cluster.items
    const key = JSON.stringify([cluster.inText, rendered])
    let html = rendered.length ? cache.get(key) : ''
    if (html === undefined) {
      html = cluster.inText ? inText(engine, rendered, noteStyle) : engine.makeCitationCluster(rendered)
      cache.set(key, html)
    }
    return html
  })

  if (!made.bibliography) {
    const [meta, entries] = engine.makeBibliography() as [{entry_ids: string[][]}, string[]]
    made.bibliography = entries.map((html, i) => ({id: made.external.get(meta.entry_ids[i]![0]!)!, html: html.trim()}))
  }
  return {citations, bibliography: made.bibliography, class: noteStyle ? 'note' : 'in-text'}
}

/** An engine with its works registered, and what it has formatted so far. */
interface Engine {
  engine: CiteprocEngine
  noteStyle: boolean
  /** Citation keys → the engine's ids, and back. */
  internal: Map<string, string>
  external: Map<string, string>
  /** Each cluster's HTML, by what citeproc was given for it. */
  cache: Map<string, string>
  bibliography?: Formatted['bibliography']
  /** What citeproc warned of while the engine was made. */
  warnings: string[]
}

/**
 * The last few engines made, by everything their output depends on (style, locale, works, and
 * the works cited, in order). A dev server loads the edition again after every save, and making
 * an engine (parsing the style, registering and disambiguating the works) costs most of the cite
 * stage; a kept engine formats exactly as a new one would, since its registry is never changed
 * after it is made (`makeCitationCluster` and `makeBibliography` leave it as it is).
 */
const engines = new Map<string, Engine>()
const KEPT = 4

function engineFor(CSL: Citeproc, references: CslItem[], style: CiteStyle, cited: string[], lang: string): Engine {
  const key = JSON.stringify([style.name, lang, cited, references]) + style.xml
  const found = engines.get(key)
  if (found) {
    // Most recently used last.
    engines.delete(key)
    engines.set(key, found)
    return found
  }
  const internal = new Map<string, string>()
  const items = new Map<string, CslItem>()
  references.forEach((r, i) => {
    if (internal.has(r.id)) return
    const id = `w${i}`
    internal.set(r.id, id)
    items.set(id, {...cleanItem(r), id})
  })
  const sys = {retrieveLocale: locale, retrieveItem: (id: string) => items.get(id)}
  const warnings: string[] = []
  const debug = CSL.debug
  CSL.debug = (message: string) => {
    warnings.push(String(message))
    debug(message)
  }
  let engine: CiteprocEngine
  try {
    engine = new CSL.Engine(sys, style.xml, lang)
    engine.updateItems(cited.map((id) => internal.get(id)!).filter(Boolean))
  } finally {
    CSL.debug = debug
  }
  const made: Engine = {engine, noteStyle: engine.opt.xclass === 'note', internal, external: new Map([...internal].map(([k, v]) => [v, k])), cache: new Map(), warnings}
  engines.set(key, made)
  if (engines.size > KEPT) engines.delete(engines.keys().next().value!)
  return made
}

/**
 * Pandoc's author-in-text form: the author's name in the sentence, the rest after it in
 * parentheses ("Smith (1990, 5)"); in a note style, "Smith (Title, 5)".
 */
function inText(engine: CiteprocEngine, items: Record<string, unknown>[], noteStyle: boolean): string {
  const [first, ...rest] = items
  const author = engine.makeCitationCluster([{...first, 'author-only': true}])
  let remainder = engine.makeCitationCluster([{...first, 'suppress-author': true}, ...rest])
  if (noteStyle) remainder = `(${remainder.replace(/\.$/, '')})`
  return author ? `${author} ${remainder}` : remainder
}

interface Citeproc {
  Engine: new (sys: object, style: string, lang?: string) => CiteprocEngine
  debug: (message: string) => void
}

interface CiteprocEngine {
  opt: {xclass: string}
  updateItems(ids: string[]): void
  makeCitationCluster(items: Record<string, unknown>[]): string
  makeBibliography(): unknown
}
