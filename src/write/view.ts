/**
 * The reading view: one server-rendered page from the `Edition` model.
 *
 * The page reads whole without JavaScript: every term links to its glossary entry, every note
 * marker to its note, and each entry links back to where it is used. A small inline script
 * (`src/view/client.js`) adds hover, focus and tap notes, a sentence panel and deep links by
 * cloning what this writer rendered, so editor text is only ever sanitised once, here.
 * CSS and script are inlined: the page is one self-contained file that loads nothing.
 *
 * Languages: the interface is English (`<html lang="en">`); the text, and the witness, carry the
 * edition's language, and original-language forms their own.
 *
 * Security: the text, note bodies and the introduction arrive as safe mdast (raw HTML dropped,
 * unsafe addresses unlinked, once, by the pipeline) and become hast here; citeproc's output arrives
 * as sanitised hast. Everything from the model that becomes markup goes through `clean()` (the
 * pipeline's schema again, on the tree, not trusting the model to have done it). Every other
 * editor string is passed to hastscript as text, and no editor text goes into an attribute but
 * checked ids, language tags and http(s)/mailto addresses (percent-encoded).
 */
import {readFileSync} from 'node:fs'
import {h, type Child} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import {sanitize} from 'hast-util-sanitize'
import type {Element, ElementContent, Root, RootContent} from 'hast'
import type {Root as MdRoot} from 'mdast'
import type {State} from 'mdast-util-to-hast'
import type {Annotation, BibEntry, Citation, Edition, Intervention, Metadata, Sentence} from '../model/edition.js'
import type {CiteNode, NoteAnchorNode, ReadingNode, SentenceNode, TermNode} from '../model/nodes.js'
import {sourceCitation} from '../model/source-citation.js'
import {sanitizeSchema} from '../pipeline/sanitize.js'
import {citationWords, editionCitation, joinNames, licenceName, licenceUrl, locatorText, longDate, sourceParts, STATUS, STATUSES, statusSentence} from '../model/words.js'
import {safeUrl} from '../model/urls.js'
import {citeNodes} from '../cite/index.js'
import {bodyToHast, textToHast} from './hast.js'
import {PARAGRAPH_SEPARATOR} from '../model/text.js'

const asset = (name: string) => readFileSync(new URL(`../view/${name}`, import.meta.url), 'utf8')

export interface PageOptions {
  /** Extra elements for `<head>` (the dev server adds its client this way). */
  head?: ElementContent[]
}

/** The language of the interface: headings, buttons, labels, the apparatus's own words. */
const UI_LANG = 'en'

export {PAGE_IDS} from '../model/ids.js'

/** Hast from the model, sanitised here whatever its producer did. */
function clean(nodes: ElementContent[]): ElementContent[] {
  return (sanitize({type: 'root', children: nodes}, sanitizeSchema) as Root).children as ElementContent[]
}

/** An annotation's body (or the introduction) as sanitised hast. */
function body(tree: MdRoot): ElementContent[] {
  return clean(bodyToHast(tree))
}

/** A note's own headings go below its entry's (h3): the highest becomes h4 (or `top`), the rest keep their steps. */
function demoted(nodes: ElementContent[], top = 4): ElementContent[] {
  const headings: Element[] = []
  const find = (list: ElementContent[]) => {
    for (const node of list) {
      if (node.type !== 'element') continue
      if (/^h[1-6]$/.test(node.tagName)) headings.push(node)
      find(node.children)
    }
  }
  find(nodes)
  const level = (e: Element) => Number(e.tagName.slice(1))
  const shift = top - Math.min(...headings.map(level))
  for (const e of headings) e.tagName = `h${Math.min(6, level(e) + shift)}`
  return nodes
}

/** An http(s) or mailto address (or `#fragment`) fit for an attribute: quotes, angle brackets, spaces percent-encoded. */
function safeHref(url: string | undefined): string | undefined {
  return safeUrl(url)?.replace(/[\0-\x20"'<>`\x7f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}

/** An editor's address as a link, or as plain text when it is not http(s) or mailto. */
function link(url: string | undefined, label: Child, properties: Record<string, string> = {}): Element | string {
  const href = safeHref(url)
  return href ? h('a', {href, ...properties}, label) : h('span', label)
}

/** The content of a formatted bibliography entry, sanitised. */
function entryContent(entry: BibEntry): ElementContent[] {
  return clean(structuredClone(entry.content))
}

/** Links replaced by their content, for a place that is itself a link (links cannot nest). */
function unlinked(nodes: ElementContent[]): ElementContent[] {
  return nodes.flatMap((n) => (n.type !== 'element' ? [n] : n.tagName === 'a' ? unlinked(n.children) : [{...n, children: unlinked(n.children)}]))
}

const text = (node: RootContent | Root): string =>
  node.type === 'text' ? node.value : 'children' in node ? node.children.map(text).join('') : ''

const hasClass = (node: Element, name: string) => ([] as unknown[]).concat(node.properties?.className ?? []).includes(name)

function statusBadge(a: Annotation): Element {
  const s = STATUS[a.status]
  return h('span', {className: ['status', `status-${a.status}`]}, [s.word, h('span', {className: ['visually-hidden']}, `: ${s.meaning}.`)])
}

/** The legend: every status and what it means. */
const statusLegend = (): string => `Each note and glossary entry has a status. ${STATUSES.map(statusSentence).join(' ')}`

/** A licence by its SPDX id, linked; Creative Commons ids read as people write them ("CC BY 4.0"). */
function licence(id: string): Element {
  return h('a', {href: licenceUrl(id), rel: 'license'}, licenceName(id))
}

const locator = (c: Citation) => locatorText(c.locator, c.label)

/** Numbers, places and indexes every section of the page needs. */
class Apparatus {
  readonly sentences = new Map<string, Sentence>()
  readonly glosses: Annotation[]
  /** Notes in text order, numbered from 1. */
  readonly notes: Annotation[]
  readonly noteNumber = new Map<string, number>()
  readonly bibliography: Map<string, BibEntry>
  readonly byId: Map<string, Annotation>

  constructor(readonly edition: Edition) {
    for (const s of edition.sentences) this.sentences.set(s.id, s)
    const first = (a: Annotation) => Math.min(...a.targets.map((t) => t.start), Infinity)
    this.glosses = edition.annotations.filter((a) => a.type === 'gloss').sort((a, b) => (a.term ?? a.id).localeCompare(b.term ?? b.id))
    this.notes = edition.annotations.filter((a) => a.type === 'note').sort((a, b) => first(a) - first(b))
    this.notes.forEach((a, i) => this.noteNumber.set(a.id, i + 1))
    this.bibliography = new Map(edition.bibliography.map((b) => [b.id, b]))
    this.byId = new Map(edition.annotations.map((a) => [a.id, a]))
  }

  /** The works an annotation cites as evidence (in its body), each with its citations. */
  evidence(a: Annotation): Citation[] {
    return citeNodes(a.body).flatMap((c) => c.items)
  }

  /** Targets in text order: the k-th (from 1) is the element `<annotation>-<k>` in the text. */
  targets(a: Annotation) {
    return [...a.targets].sort((x, y) => x.start - y.start)
  }

  /** The sentence a target ends in (where its note marker goes). */
  lastSentence(sentenceIds: string[]): Sentence | undefined {
    return this.sentences.get(sentenceIds.at(-1) ?? '')
  }

  /** Each work's citing sentences, in text order: a sentence cites a work when an annotation on it does. */
  citingSentences(): Map<string, Sentence[]> {
    const by = new Map<string, Set<string>>()
    for (const a of this.edition.annotations) {
      for (const c of [...this.evidence(a), ...a.further.flatMap((f) => f.items)]) {
        const set = by.get(c.key) ?? new Set()
        for (const t of a.targets) for (const id of t.sentences) set.add(id)
        by.set(c.key, set)
      }
    }
    return new Map(
      [...by].map(([key, ids]) => [key, [...ids].map((id) => this.sentences.get(id)).filter((s): s is Sentence => !!s).sort((x, y) => x.n - y.n)])
    )
  }
}

// ---------------------------------------------------------------------------------------------
// The text

/**
 * A note's marker. Its number is CSS generated content (`data-n`), not text: the text block holds
 * the edition's words only, so a quotation copied from it is exact and annotation clients count
 * the same characters as `Edition.text`. Its accessible name says what it is.
 */
function noteMarker(a: Annotation, n: number, k: number): Element {
  return h('sup', {className: ['noteref']}, [h('a', {href: `#${a.id}`, id: `${a.id}-${k}`, dataNote: a.id, dataN: n, ariaLabel: `Note ${n}`})])
}

/**
 * The text as hast: each sentence with its number (a link, generated content like the markers),
 * terms linked, a marker where each note's passage ends and an empty `span.ns` where it starts
 * (the script highlights between the two, with offsets the server knew). Paragraphs are joined
 * by `PARAGRAPH_SEPARATOR`, so the block's `textContent` is exactly `Edition.text`.
 */
function readingText(app: Apparatus): ElementContent[] {
  const nodes = textToHast(app.edition.tree, {
    sentence(state: State, node: SentenceNode): Element {
      const {id, n} = node.data
      const number = h('a', {className: ['sn'], href: `#${id}`, dataN: n, ariaLabel: `Sentence ${n}`})
      return h('span', {id, className: ['s'], dataN: n}, [number, ...state.all(node as never)])
    },
    term(state: State, node: TermNode): Element {
      const {gloss, occurrence} = node.data
      return h('a', {href: `#${gloss}`, className: ['term'], id: `${gloss}-${occurrence}`, dataGloss: gloss}, state.all(node as never))
    },
    reading(state: State, node: ReadingNode): Element {
      return h('span', {className: ['reading'], dataIntervention: node.data.intervention}, state.all(node as never))
    },
    gap: () => undefined,
    noteAnchor(_state: State, node: NoteAnchorNode): Element | undefined {
      const a = app.byId.get(node.data.note)
      if (!a) return undefined
      if (node.data.side === 'start') return h('span', {className: ['ns'], dataNote: a.id, dataK: node.data.k})
      return noteMarker(a, app.noteNumber.get(a.id)!, node.data.k)
    }
  })
  const blocks = nodes.filter((n) => !(n.type === 'text' && !n.value.trim()))
  return blocks.flatMap((b, i) => (i ? [{type: 'text' as const, value: PARAGRAPH_SEPARATOR}, b] : [b]))
}

// ---------------------------------------------------------------------------------------------
// The apparatus

function worksCited(app: Apparatus, a: Annotation): (Element | '')[] {
  return [works(app, app.evidence(a), 'Evidence', 'works'), works(app, a.further.flatMap((f) => f.items), 'Further reading', 'further')]
}

function works(app: Apparatus, citations: Citation[], title: string, className: string): Element | '' {
  if (!citations.length) return ''
  const byKey = new Map<string, Citation[]>()
  for (const c of citations) byKey.set(c.key, [...(byKey.get(c.key) ?? []), c])
  return h('div', {className: [className]}, [
    h('h4', title),
    h(
      'ul',
      [...byKey].map(([key, cs]) => {
        const entry = app.bibliography.get(key)
        const where = cs.map(locator).filter(Boolean).join(', ')
        return h('li', [
          entry ? h('a', {href: `#ref-${key}`, className: ['work']}, unlinked(entryContent(entry))) : h('span', {className: ['work']}, key),
          where ? [' ', h('span', {className: ['locator']}, `Cited at ${where}.`)] : ''
        ])
      })
    )
  ])
}

function backlinks(app: Apparatus, a: Annotation, lead: string): Element {
  const links = app.targets(a).map((t, i) => {
    const s = app.lastSentence(t.sentences)
    return h('a', {href: `#${a.id}-${i + 1}`}, [h('span', {ariaHidden: 'true'}, '↩ '), `sentence ${s?.n ?? '?'}`])
  })
  return h('p', {className: ['backlinks']}, [lead, ...links.flatMap((l, i) => (i ? [', ', l] : [l]))])
}

function glossEntry(app: Apparatus, a: Annotation): Element {
  return h('article', {id: a.id, className: ['entry', 'gloss'], dataStatus: a.status}, [
    h('h3', [h('dfn', a.term ?? a.id), ' ', statusBadge(a)]),
    a.label ? h('p', {className: ['label']}, a.label) : '',
    a.original
      ? h('p', {className: ['original']}, [
          h('span', {lang: a.original.language}, a.original.text),
          a.original.transliteration ? [' ', h('span', {className: ['translit']}, `(${a.original.transliteration})`)] : ''
        ])
      : '',
    h('div', {className: ['body']}, demoted(body(a.body))),
    a.sameAs?.length ? h('p', {className: ['same-as']}, ['See also: ', ...a.sameAs.flatMap((u, i) => [i ? ', ' : '', link(u, u)])]) : '',
    worksCited(app, a),
    backlinks(app, a, 'Occurs in ')
  ])
}

function noteEntry(app: Apparatus, a: Annotation): Element {
  const n = app.noteNumber.get(a.id)!
  const first = app.targets(a)[0]
  return h('article', {id: a.id, className: ['entry', 'note'], dataStatus: a.status}, [
    h('h3', [`Note ${n} `, statusBadge(a)]),
    first ? h('p', {className: ['quote']}, ['On ', h('q', first.selector.exact)]) : '',
    h('div', {className: ['body']}, demoted(body(a.body))),
    worksCited(app, a),
    backlinks(app, a, 'Back to ')
  ])
}

function sourceText(edition: Edition, s: Sentence): (Element | string)[] {
  const c = sourceCitation(edition, s)
  if (!c.url) return [c.text]
  const [before, ...after] = c.text.split(c.url)
  return after.length ? [before!, link(c.url, c.url), after.join(c.url)] : [c.text]
}

function sentenceEntry(app: Apparatus, s: Sentence): Element {
  const annotations = s.annotations.map((id) => app.byId.get(id)).filter((a): a is Annotation => !!a)
  const label = (a: Annotation) => (a.type === 'note' ? `Note ${app.noteNumber.get(a.id)}` : (a.term ?? a.id))
  return h('li', {id: `src-${s.id}`}, [
    h('a', {href: `#${s.id}`}, `Sentence ${s.n}`),
    '. ',
    h('span', {className: ['source']}, ['Source: ', ...sourceText(app.edition, s), '.']),
    annotations.length
      ? [' ', h('span', {className: ['refs']}, ['Annotations: ', ...annotations.flatMap((a, i) => [i ? '; ' : '', h('a', {href: `#${a.id}`}, label(a)), ` (${STATUS[a.status].word.toLowerCase()})`]), '.'])]
      : ''
  ])
}

function interventionItem(i: Intervention, language: string): Element {
  return h('li', {id: `int-${i.id}`}, [
    h(
      'strong',
      i.type === 'omission'
        ? `Witness lines ${i.lines[0]}–${i.lines[1]} omitted.`
        : [`Witness line ${i.line}, column ${i.column}: “`, h('span', {lang: language}, i.original), '” read as “', h('span', {lang: language}, i.reading), '”.']
    ),
    ' ',
    ...languageRuns(i.description, UI_LANG),
    ' ',
    h('em', 'Why:'),
    ' ',
    ...languageRuns(i.reason, UI_LANG)
  ])
}

/**
 * Scripts written, in practice, for one language only. A script of many languages (Cyrillic,
 * Arabic, Greek, Devanagari, ...) is not here: its runs get no `lang` rather than a wrong one.
 * Matched by Script_Extensions, so marks shared within one language's scripts (the kana's
 * prolonged sound mark) count as that language.
 */
const SCRIPT_LANGUAGES: [RegExp, string][] = (
  [
    ['Hangul', 'ko'],
    ['Hiragana', 'ja'],
    ['Katakana', 'ja'],
    ['Thai', 'th'],
    ['Lao', 'lo'],
    ['Khmer', 'km'],
    ['Georgian', 'ka'],
    ['Armenian', 'hy'],
    ['Sinhala', 'si'],
    ['Thaana', 'dv'],
    ['Gujarati', 'gu'],
    ['Gurmukhi', 'pa'],
    ['Kannada', 'kn'],
    ['Malayalam', 'ml'],
    ['Oriya', 'or'],
    ['Telugu', 'te'],
    ['Tamil', 'ta']
  ] as const
).map(([script, lang]) => [new RegExp(`\\p{Script_Extensions=${script}}`, 'u'), lang])

const LATIN = /\p{Script=Latin}/u
const COMMON = /[\p{Script=Common}\p{Script=Inherited}]/u
const HAN = /\p{Script=Han}/u

/**
 * A character's script, as a language: a tag for a script of one language, `Latin`, `Han`
 * (Chinese, Japanese and Korean share it), `''` for any other script, `undefined` for the
 * characters every script shares (spaces, digits, most punctuation).
 */
function scriptKey(c: string): string | undefined {
  if (LATIN.test(c)) return 'Latin'
  if (HAN.test(c)) return 'Han'
  const languages = new Set(SCRIPT_LANGUAGES.filter(([re]) => re.test(c)).map(([, lang]) => lang))
  if (languages.size === 1) return [...languages][0]
  return COMMON.test(c) ? undefined : ''
}

/**
 * Runs of a script written for one language, marked with that language (so they are read aloud
 * as such) unless it is `base`'s. Han joins the kana or Hangul next to it (Japanese, Korean with
 * hanja); alone it stays unmarked, like every script of many languages.
 */
function languageRuns(text: string, base: string): (Element | string)[] {
  const runs: {key: string | undefined; text: string}[] = []
  for (const c of text) {
    const key = scriptKey(c)
    const last = runs.at(-1)
    if (last && last.key === key) last.text += c
    else runs.push({key, text: c})
  }
  const keyed = (i: number, step: number) => {
    for (let j = i + step; j >= 0 && j < runs.length; j += step) if (runs[j]!.key !== undefined) return runs[j]!.key
    return undefined
  }
  const joins = (k: string | undefined) => k === 'ko' || k === 'ja'
  runs.forEach((r, i) => {
    if (r.key !== 'Han') return
    const before = keyed(i, -1)
    const after = keyed(i, 1)
    if (joins(before) && (!joins(after) || after === before)) r.key = before
    else if (joins(after) && !joins(before)) r.key = after
  })
  const language = (k: string | undefined) => (k && !['Latin', 'Han'].includes(k) && k !== base.split('-')[0]!.toLowerCase() ? k : undefined)
  const out: (Element | string)[] = []
  for (let i = 0; i < runs.length; i++) {
    const lang = language(runs[i]!.key)
    if (!lang) {
      out.push(runs[i]!.text)
      continue
    }
    // One span across the common characters between two runs of the same language.
    let j = i
    while (j + 2 < runs.length && runs[j + 1]!.key === undefined && runs[j + 2]!.key === runs[i]!.key) j += 2
    out.push(h('span', {lang}, runs.slice(i, j + 1).map((r) => r.text).join('')))
    i = j
  }
  // Neighbouring strings as one text.
  return out.reduce<(Element | string)[]>((acc, x) => {
    if (typeof x === 'string' && typeof acc.at(-1) === 'string') acc[acc.length - 1] += x
    else acc.push(x)
    return acc
  }, [])
}

/** The witness line by line as captured, omitted lines struck and labelled, substitutions shown. */
function witnessView(edition: Edition): Element {
  const lines = edition.witness.text.split(/\r?\n/)
  if (lines.length > 1 && lines.at(-1) === '') lines.pop()
  const interventions = edition.meta.interventions
  const items = lines.map((line, index) => {
    const n = index + 1
    const omission = interventions.find((i) => i.type === 'omission' && n >= i.lines[0] && n <= i.lines[1])
    const subs = interventions.filter((i) => i.type === 'substitution' && i.line === n).sort((a, b) => (a.type === 'substitution' && b.type === 'substitution' ? b.column - a.column : 0))
    let content: (Element | string)[] = [line]
    for (const s of subs) {
      if (s.type !== 'substitution') continue
      const at = s.column - 1
      const rest = content.shift() as string
      content = [
        rest.slice(0, at),
        h('del', rest.slice(at, at + s.original.length)),
        h('ins', s.reading),
        ' ',
        h('a', {href: `#int-${s.id}`, className: ['int-label', 'inline'], lang: UI_LANG}, languageRuns(`[${s.description}]`, UI_LANG)),
        ' ',
        rest.slice(at + s.original.length),
        ...content
      ]
    }
    const words = content.flatMap((c) => (typeof c === 'string' ? languageRuns(c, edition.meta.language) : [c]))
    const body = line === '' ? h('span', {className: ['blank'], lang: UI_LANG}, '(blank line)') : omission ? h('del', words) : words
    const label =
      omission?.type === 'omission' && omission.lines[0] === n
        ? h('a', {href: `#int-${omission.id}`, className: ['int-label'], lang: UI_LANG}, languageRuns(`Omitted, lines ${omission.lines[0]}–${omission.lines[1]}: ${omission.description}`, UI_LANG))
        : ''
    return h('li', {className: omission ? ['omitted'] : undefined}, [label, body])
  })
  // The witness is in the edition's language; the labels in it are the interface's.
  return h('details', {className: ['witness'], id: 'witness'}, [
    h('summary', 'Show the witness as captured, with the interventions marked'),
    h('p', {className: ['witness-file']}, [h('code', edition.witness.file), `, SHA-256 ${edition.witness.sha256.slice(0, 16)}…`]),
    h('ol', {className: ['witness-lines'], lang: edition.meta.language}, items)
  ])
}

// ---------------------------------------------------------------------------------------------
// The page

function sourceStatement(meta: Metadata): (Element | string)[] {
  const p = sourceParts(meta.source)
  return [
    p.holds,
    p.where || p.url ? [' Captured from ', link(p.url, p.where || p.url || ''), p.captured ? ` on ${p.captured}` : '', '.'] : '',
    p.known.length ? ` ${p.known.map(([k, v]) => `${k[0]!.toUpperCase()}${k.slice(1)}: ${v}.`).join(' ')}` : '',
    p.unknown ? ` ${p.unknown}` : '',
    p.unknownNote ? ` ${p.unknownNote}` : ''
  ].flat()
}

function masthead(edition: Edition): Element {
  const meta = edition.meta
  return h('header', {className: ['masthead']}, [
    h('p', {className: ['kicker']}, 'An annotated digital edition'),
    h('h1', meta.title),
    meta.subtitle ? h('p', {className: ['subtitle']}, meta.subtitle) : '',
    h('p', {className: ['edition-statement']}, [
      `Version ${meta.version}, `,
      h('time', {dateTime: meta.date}, longDate(meta.date)),
      `. Edited by ${joinNames(meta.editors.map((e) => e.name))}.`
    ]),
    h('dl', {className: ['facts']}, [
      h('div', [h('dt', 'Source'), h('dd', sourceStatement(meta))]),
      h('div', [
        h('dt', 'Licence'),
        h('dd', [meta.licence.text.trim(), ' Notes and apparatus: ', licence(meta.licence.notes), '; code: ', licence(meta.licence.code), '.'])
      ]),
      h('div', [
        h('dt', 'How to cite this edition'),
        h('dd', {id: 'how-to-cite'}, [editionCitation(edition).text.replace(meta.url ?? '\0', ''), meta.url ? link(meta.url, meta.url) : ''])
      ]),
      h('div', [
        h('dt', 'Status of the notes'),
        h('dd', statusLegend())
      ])
    ]),
    h('nav', {ariaLabel: 'Contents', className: ['contents']}, [
      h(
        'ul',
        [
          ['#text', 'Text'],
          ['#notes', 'Notes'],
          ['#glossary', 'Glossary'],
          ['#sentences', 'Sentences and sources'],
          ['#interventions', 'Interventions and witness'],
          ['#bibliography', 'Bibliography']
        ].map(([href, label]) => h('li', [h('a', {href}, label)]))
      )
    ])
  ])
}

/** The sentence panel's frame; the script fills it from the apparatus when a sentence is selected. */
function panel(meta: Metadata): Element {
  return h('aside', {id: 'panel', ariaLabelledBy: 'panel-h', hidden: true}, [
    h('div', {className: ['panel-head']}, [
      h('h2', {id: 'panel-h', tabIndex: -1}, 'Sentence'),
      h('button', {type: 'button', className: ['close'], hidden: true}, 'Close')
    ]),
    h('div', {className: ['panel-hint']}, [
      h('p', 'Select a sentence to see its source, its notes and a citation: click or tap it, or Tab to its number and press Enter.'),
      h('p', 'Keys: j / k or the arrow keys move between sentences; Enter on a selected sentence moves here; Esc closes a note or this panel.')
    ]),
    h('div', {className: ['panel-body']}),
    h('div', {className: ['panel-cite'], hidden: true}, [
      h('h3', 'Cite this sentence'),
      // The edition's part of the citation as text (not an attribute); the script adds the sentence's.
      h('p', {className: ['cite-text']}, [h('span', {className: ['cite-edition']}, citationWords(meta)), h('span', {className: ['cite-sentence']})]),
      h('button', {type: 'button', className: ['cite'], dataUrl: safeHref(meta.url)}, 'Copy citation')
    ]),
    h('p', {className: ['visually-hidden'], role: 'status', id: 'status'})
  ])
}

function section(id: string, title: string, children: Child[]): Element {
  return h('section', {id, ariaLabelledBy: `${id}-h`}, [h('h2', {id: `${id}-h`}, title), ...(children as ElementContent[])])
}

export function renderPage(edition: Edition, options: PageOptions = {}): string {
  const meta = edition.meta
  const app = new Apparatus(edition)
  const citing = app.citingSentences()

  const page: Root = {
    type: 'root',
    children: [
      {type: 'doctype'},
      h('html', {lang: UI_LANG}, [
        h('head', [
          h('meta', {charSet: 'utf-8'}),
          h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
          h('meta', {name: 'color-scheme', content: 'light dark'}),
          // No favicon request: the page loads nothing.
          h('link', {rel: 'icon', href: 'data:,'}),
          h('title', meta.title),
          h('style', asset('style.css')),
          ...(options.head ?? [])
        ]),
        h('body', [
          h('a', {href: '#text', className: ['skip']}, 'Skip to the text'),
          masthead(edition),
          edition.introduction ? section('introduction', 'Introduction and editorial statement', [h('div', {className: ['intro']}, demoted(body(edition.introduction), 3))]) : '',
          h('div', {className: ['reading']}, [
            h('main', {id: 'text', tabIndex: -1}, [h('h2', {className: ['visually-hidden']}, 'Text'), h('div', {className: ['text'], id: 'edition-text', lang: meta.language}, readingText(app))]),
            panel(meta)
          ]),
          section('notes', 'Notes', [app.notes.map((a) => noteEntry(app, a))]),
          section('glossary', 'Glossary', [
            h('p', {className: ['lead']}, 'An index of every term marked in the text, A to Z, with links to each place it occurs.'),
            app.glosses.map((a) => glossEntry(app, a))
          ]),
          section('sentences', 'Sentences and their sources', [h('ol', {className: ['sources']}, edition.sentences.map((s) => sentenceEntry(app, s)))]),
          section('interventions', 'Editorial interventions', [
            h('p', {className: ['lead']}, 'What the editors changed between the witness as captured and the text above, and why.'),
            h('ol', meta.interventions.map((i) => interventionItem(i, meta.language))),
            witnessView(edition)
          ]),
          section('bibliography', 'Bibliography', [
            h(
              'ul',
              {className: ['csl-bib-body']},
              edition.bibliography.map((b) => {
                const at = citing.get(b.id) ?? []
                return h('li', {id: `ref-${b.id}`, className: ['csl-entry']}, [
                  ...entryContent(b),
                  at.length ? [' ', h('span', {className: ['cited-by']}, ['Cited at ', ...at.flatMap((s, i) => [i ? ', ' : '', h('a', {href: `#${s.id}`}, `sentence ${s.n}`)]), '.'])] : ''
                ])
              })
            )
          ]),
          h('footer', [h('p', ['Notes and apparatus ', licence(meta.licence.notes), '; code ', licence(meta.licence.code), '. Version ', meta.version, '.'])]),
          h('script', {type: 'module'}, asset('client.js'))
        ])
      ])
    ]
  }
  return toHtml(page, {allowDangerousHtml: false})
}
