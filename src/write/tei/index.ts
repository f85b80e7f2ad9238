/**
 * TEI P5 writer (`edition.xml`), for archives, TEI Publisher and CETEIcean: the header
 * (`header.ts`, `source.ts`), the introduction in `<front>`, the text with its apparatus in place
 * (`text.ts`), and in `<back>` the glossary and notes (`annotations.ts`), each sentence's place in
 * the witness, and the bibliography (`bibliography.ts`). Citations everywhere are
 * `citations.ts`'. Built as xast, written by xast-util-to-xml (`xml.ts`).
 *
 * Security: every value is escaped by the serialiser, and characters XML cannot hold are dropped;
 * bodies arrive as safe mdast (no raw HTML), and only http(s)/mailto addresses become `@target`s.
 * `ceteicean-behaviours.js`, which renders this document in a browser, builds its elements with
 * DOM methods only, never from markup.
 */
import type {Element} from 'xast'
import type {Edition} from '../../model/edition.js'
import {sourceCitation} from '../../model/source-citation.js'
import {EVIDENCE, STATUSES, statusSentence} from '../../model/words.js'
import {bodyState, glossEntry, noteEntry, orphanEntry} from './annotations.js'
import {biblStruct} from './bibliography.js'
import {context, type Context} from './context.js'
import {header} from './header.js'
import {ids} from './ids.js'
import {sections} from './mdast.js'
import {textBody} from './text.js'
import {serialise, x} from './xml.js'

export {CERT} from './annotations.js'
export {ids} from './ids.js'

/** Elements laid out one child a line when they hold elements only. */
const BLOCK = new Set([
  'TEI', 'teiHeader', 'fileDesc', 'titleStmt', 'respStmt', 'editionStmt', 'publicationStmt', 'availability', 'notesStmt',
  'sourceDesc', 'bibl', 'biblStruct', 'analytic', 'monogr', 'imprint', 'series', 'listWit', 'encodingDesc', 'editorialDecl',
  'correction', 'segmentation', 'interpretation', 'profileDesc', 'langUsage', 'revisionDesc', 'text', 'front', 'body', 'back', 'div',
  'list', 'listBibl', 'note', 'item', 'quote'
])

export function toTei(edition: Edition): string {
  const ctx = context(edition)
  const tei = x(
    'TEI',
    {xmlns: 'http://www.tei-c.org/ns/1.0', 'xml:lang': edition.meta.language},
    header(ctx),
    x('text', {}, front(ctx), textBody(ctx), back(ctx))
  )
  return serialise(tei, BLOCK)
}

/**
 * The introduction and editorial statement, its headings as divisions (an introduction under one
 * heading is that one division), then what the statuses mean, which every output prints.
 */
function front(ctx: Context): Element {
  const intro = ctx.edition.introduction
  if (!intro) return x('front', {}, statuses())
  const div = x('div', {type: 'introduction', 'xml:id': ids.introduction}, sections(intro.children, bodyState('citation')))
  const [only, ...rest] = div.children
  const introduction = !rest.length && only?.type === 'element' && only.name === 'div' ? {...only, attributes: {...only.attributes, ...div.attributes}} : div
  return x('front', {}, introduction, statuses())
}

/** The statuses and the two kinds of reference, in the words of every output. */
function statuses(): Element {
  return x(
    'div',
    {type: 'statuses'},
    x('head', {}, 'Statuses'),
    x('list', {}, STATUSES.map((st) => x('item', {}, statusSentence(st)))),
    x('p', {}, EVIDENCE.evidence),
    x('p', {}, EVIDENCE.further)
  )
}

function back(ctx: Context): Element {
  const {edition} = ctx
  const notes = [...ctx.notes.map((n) => noteEntry(n, ctx)), ...edition.orphans.map((n) => orphanEntry(n, ctx))]
  return x(
    'back',
    {},
    ctx.glosses.length ? x('div', {type: 'glossary'}, x('head', {}, 'Glossary'), x('list', {type: 'gloss'}, ctx.glosses.flatMap((g) => glossEntry(g, ctx)))) : undefined,
    notes.length ? x('div', {type: 'notes'}, x('head', {}, 'Notes'), notes) : undefined,
    x(
      'div',
      {type: 'sources'},
      x('head', {}, 'Sentences and their sources'),
      x('list', {}, edition.sentences.map((s) => x('item', {n: s.n, corresp: `#${s.id}`}, `Sentence ${s.n}: ${sourceCitation(edition, s).text}`)))
    ),
    edition.references.length ? x('div', {type: 'bibliography'}, x('head', {}, 'Bibliography'), x('listBibl', {}, bibliography(ctx))) : undefined
  )
}

/** Every work, in the style's order (then any the style left out), numbered. */
function bibliography(ctx: Context): Element[] {
  const {references, bibliography, meta} = ctx.edition
  const order = new Map(bibliography.map((b, i) => [b.id, i]))
  const sorted = [...references].sort((a, b) => (order.get(a.id) ?? order.size) - (order.get(b.id) ?? order.size))
  return sorted.map((r, i) => biblStruct(r, {id: ids.ref(r.id), n: i + 1, language: meta.language}))
}
