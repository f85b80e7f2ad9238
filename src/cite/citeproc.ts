/**
 * Formatting citations and bibliographies with citeproc-js, through citation-js.
 * Styles are CSL files: a path, or a name looked up in the CSL style folders
 * (Debian's `citation-style-language-styles` installs 2,500 in /usr/share/citation-style-language).
 */
import {existsSync, readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {isAbsolute, join} from 'node:path'
import type {Citation, CslItem} from '../model/edition.js'

// citation-js is CommonJS; requiring it keeps one instance of its plugin registry.
const require = createRequire(import.meta.url)
const {Cite, plugins} = require('@citation-js/core') as typeof import('@citation-js/core')
require('@citation-js/plugin-csl')
require('@citation-js/plugin-bibtex')

export {Cite, plugins}

/** Folders searched for a style given by name. */
export const STYLE_DIRS = [
  ...(process.env.CSL_STYLES ? process.env.CSL_STYLES.split(':') : []),
  '/usr/share/citation-style-language/styles'
]

/** Styles citation-js ships with, usable when no CSL folder is installed. */
const BUILT_IN = new Set(['apa', 'vancouver', 'harvard1'])

export interface ResolvedStyle {
  /** Name under which the style is registered with citation-js. */
  name: string
  /** Where it came from (a path, or `built-in`). */
  from: string
  /** Set when the requested style was not found and another is used. */
  fallback?: string
}

const registered = new Map<string, string>()

/** Find and register a CSL style. `base` is the folder a relative path is resolved from. */
export function resolveStyle(style: string, base: string): ResolvedStyle {
  const candidates = style.endsWith('.csl')
    ? [isAbsolute(style) ? style : join(base, style)]
    : STYLE_DIRS.map((dir) => join(dir, `${style}.csl`))
  const path = candidates.find((p) => existsSync(p))
  if (path) {
    const name = `edition:${path}`
    if (!registered.has(name)) {
      plugins.config.get('@csl').styles.add(name, readFileSync(path, 'utf8'))
      registered.set(name, path)
    }
    return {name, from: path}
  }
  if (BUILT_IN.has(style)) return {name: style, from: 'built-in'}
  return {
    name: 'apa',
    from: 'built-in',
    fallback: `CSL style \`${style}\` was not found (looked in ${candidates.join(', ')}); using APA. Install it with \`apt-get install citation-style-language-styles\` or give a .csl path`
  }
}

/** CSL-JSON without extension fields (`_verification` and the like). */
export function cleanItem(item: CslItem): CslItem {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !k.startsWith('_'))) as CslItem
}

function citeItem(c: Citation): Record<string, unknown> {
  return {
    id: c.key,
    ...(c.locator ? {locator: c.locator, label: c.label ?? 'page'} : {}),
    ...(c.prefix ? {prefix: c.prefix + ' '} : {}),
    ...(c.suffix ? {suffix: ', ' + c.suffix} : {}),
    ...(c.suppressAuthor ? {'suppress-author': true} : {})
  }
}

/** A citation processor for one bibliography and one style. */
export class Citer {
  private readonly cite: InstanceType<typeof Cite>
  constructor(
    references: CslItem[],
    readonly style: ResolvedStyle,
    readonly locale = 'en-US'
  ) {
    this.cite = new Cite(references.map(cleanItem))
  }

  /** One citation (one or more works), as HTML (citeproc's markup) and as plain text. */
  citation(items: Citation[]): {html: string; text: string} {
    const options = {template: this.style.name, lang: this.locale, entry: items.map(citeItem)}
    return {
      html: this.cite.format('citation', {...options, format: 'html'}) as string,
      text: this.cite.format('citation', {...options, format: 'text'}) as string
    }
  }

  /** Bibliography entries for `ids` (all when omitted), keyed by id, as HTML and text. */
  bibliography(ids?: string[]): {id: string; html: string; text: string}[] {
    const opts = {template: this.style.name, lang: this.locale, ...(ids ? {entry: ids} : {})}
    const html = this.cite.format('bibliography', {...opts, format: 'html', asEntryArray: true}) as unknown as [string, string][]
    const text = new Map(this.cite.format('bibliography', {...opts, format: 'text', asEntryArray: true}) as unknown as [string, string][])
    return html.map(([id, h]) => ({id, html: h.trim(), text: (text.get(id) ?? '').trim()}))
  }
}
