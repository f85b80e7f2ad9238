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
import {isAbsolute, join} from 'node:path'
import type {Citation, CslItem} from '../model/edition.js'
import {cleanItem} from '../model/csl.js'

const require = createRequire(import.meta.url)

/** Folders searched for a style given by name. */
export const STYLE_DIRS = [...(process.env.CSL_STYLES ? process.env.CSL_STYLES.split(':') : []), '/usr/share/citation-style-language/styles']
const LOCALE_DIRS = ['/usr/share/citation-style-language/locales']

/** Styles that ship with the toolkit's dependencies, usable when no CSL folder is installed. */
const BUILT_IN = new Set(['apa', 'vancouver', 'harvard1'])

export interface CiteStyle {
  /** A path, or a built-in name. */
  name: string
  xml: string
  /** Set when the requested style was not found and APA is used instead. */
  fallback?: string
}

function builtIn(name: string): string {
  return (require('@citation-js/plugin-csl/lib/styles.json') as Record<string, string>)[name]!
}

/** Find a CSL style: a `.csl` path (relative to `base`), or a name in the style folders. */
export function resolveStyle(style: string, base: string): CiteStyle {
  const candidates = style.endsWith('.csl') ? [isAbsolute(style) ? style : join(base, style)] : STYLE_DIRS.map((dir) => join(dir, `${style}.csl`))
  const path = candidates.find((p) => existsSync(p))
  if (path) return {name: path, xml: readFileSync(path, 'utf8')}
  if (BUILT_IN.has(style)) return {name: style, xml: builtIn(style)}
  return {
    name: 'apa',
    xml: builtIn('apa'),
    fallback: `CSL style \`${style}\` was not found (looked in ${candidates.join(', ')}); using APA. Install it with \`apt-get install citation-style-language-styles\` or give a .csl path`
  }
}

/**
 * Why a style cannot be used, found without loading citeproc (so an edition that cites nothing
 * still learns of it): it must be a CSL `<style>` with a `<citation>` and a `<bibliography>`.
 */
export function unusable(style: CiteStyle): string | undefined {
  const xml = style.xml.replace(/<!--[\s\S]*?-->/g, '')
  if (!/<style[\s>][\s\S]*<\/style>/.test(xml) || !/xmlns=["']http:\/\/purl\.org\/net\/xbiblio\/csl["']/.test(xml)) return 'it is not a CSL style (no <style> element in the CSL namespace)'
  if (!/<citation[\s>]/.test(xml)) return 'it has no <citation>'
  if (!/<bibliography[\s>]/.test(xml)) return 'it has no <bibliography> (the edition needs one)'
  return undefined
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
  const made = engineFor(references, style, cited, lang)
  const {engine, internal, noteStyle, cache} = made

  // Positions, as CSL 1.0.2 defines them, tracked across the whole edition in reading order.
  const firstNote = new Map<string, number>()
  const lastNote = new Map<string, number>()
  let previous: Citation[] = []
  const citations = clusters.map((cluster) => {
    const rendered = cluster.items.map((c, i) => {
      const before = i > 0 ? cluster.items[i - 1] : previous.length === 1 ? previous[0] : undefined
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
    let html = cache.get(key)
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

function engineFor(references: CslItem[], style: CiteStyle, cited: string[], lang: string): Engine {
  const key = JSON.stringify([style.name, lang, cited, references]) + style.xml
  const found = engines.get(key)
  if (found) {
    // Most recently used last.
    engines.delete(key)
    engines.set(key, found)
    return found
  }
  const CSL = require('citeproc') as {Engine: new (sys: object, style: string, lang?: string) => CiteprocEngine}
  const internal = new Map<string, string>()
  const items = new Map<string, CslItem>()
  references.forEach((r, i) => {
    if (internal.has(r.id)) return
    const id = `w${i}`
    internal.set(r.id, id)
    items.set(id, {...cleanItem(r), id})
  })
  const sys = {retrieveLocale: locale, retrieveItem: (id: string) => items.get(id)}
  const engine = new CSL.Engine(sys, style.xml, lang)
  engine.updateItems(cited.map((id) => internal.get(id)!).filter(Boolean))
  const made: Engine = {engine, noteStyle: engine.opt.xclass === 'note', internal, external: new Map([...internal].map(([k, v]) => [v, k])), cache: new Map()}
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

interface CiteprocEngine {
  opt: {xclass: string}
  updateItems(ids: string[]): void
  makeCitationCluster(items: Record<string, unknown>[]): string
  makeBibliography(): unknown
}
