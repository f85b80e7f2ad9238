/**
 * TEI P5 writer (`edition.xml`), for archives and TEI Publisher. The header states who made the
 * edition, its version and licences, how to cite it, the witness and the record it was captured
 * from (what was not captured is said to be so), and the editorial interventions. The text has
 * one `<s xml:id>` a sentence and `<term ref>` links to a glossary list; notes point at
 * `<anchor>`s around their passage (`target`/`targetEnd`), with `@cert` from their status;
 * references are `<biblStruct>`s.
 *
 * Security: every value is escaped by the XML serialiser; note bodies come from the pipeline's
 * sanitised HTML (raw HTML already dropped), and only http(s)/mailto links become `@target`s.
 */
import type {RootContent as Content, Root as MdRoot} from 'mdast'
import type {Annotation, CslItem, Edition, Status} from '../model/edition.js'
import {sourceCitation} from '../model/source-citation.js'
import {editionCitation, interventionText, licenceUrl, sourceParts, STATUS, STATUSES} from '../model/words.js'
import {safeUrl} from '../model/urls.js'
import {ncname, toXml, x, type XChild, type XElement} from './xml.js'

/**
 * The editor's status as TEI certainty. `disputed` becomes `unknown`, not `medium`: the sources
 * disagree, so no degree of confidence can be stated, and a disputed claim must not rank above
 * an unverified one.
 */
export const CERT: Record<Status, 'high' | 'low' | 'unknown'> = {verified: 'high', unverified: 'low', disputed: 'unknown'}

/** Elements laid out one child a line when they hold elements only. */
const BLOCK = new Set([
  'TEI', 'teiHeader', 'fileDesc', 'titleStmt', 'respStmt', 'editionStmt', 'publicationStmt', 'availability', 'notesStmt',
  'sourceDesc', 'bibl', 'biblStruct', 'analytic', 'monogr', 'imprint', 'series', 'listWit', 'encodingDesc', 'editorialDecl',
  'correction', 'segmentation', 'interpretation', 'profileDesc', 'langUsage', 'revisionDesc', 'text', 'body', 'back', 'div',
  'list', 'listBibl', 'note', 'item', 'quote', 'table', 'row'
])

export const ids = {
  gloss: (id: string) => `gloss-${ncname(id)}`,
  term: (id: string, k: number) => `term-${ncname(id)}-${k}`,
  note: (id: string) => `note-${ncname(id)}`,
  ref: (id: string) => `ref-${ncname(id)}`,
  /** The anchors around a note's passage (a prefix of their own, so no id can collide). */
  anchor: (id: string, end: 'start' | 'end', k?: number) => `anchor-${ncname(id)}-${end}${k === undefined ? '' : `-${k}`}`
}

/** How many passages each note has (a note with one passage has anchors without a number). */
let passages = new Map<string, number>()

export function toTei(edition: Edition): string {
  const meta = edition.meta
  const resp = respIds(edition)
  const notes = edition.annotations.filter((a) => a.type === 'note')
  const glosses = edition.annotations.filter((a) => a.type === 'gloss').sort((a, b) => (a.term ?? a.id).localeCompare(b.term ?? b.id))
  passages = new Map(notes.map((n) => [n.id, n.targets.length]))

  const tei = x(
    'TEI',
    {xmlns: 'http://www.tei-c.org/ns/1.0', 'xml:lang': meta.language},
    header(edition, resp),
    x(
      'text',
      {'xml:lang': meta.language},
      x('body', {}, x('div', {type: 'edition'}, textBlocks(edition.tree))),
      x(
        'back',
        {},
        glosses.length
          ? x('div', {type: 'glossary'}, x('head', {}, 'Glossary'), x('list', {type: 'gloss'}, glosses.flatMap((g) => glossEntry(g, resp, edition))))
          : null,
        notes.length ? x('div', {type: 'notes'}, x('head', {}, 'Notes'), notes.map((n, i) => noteEntry(n, i + 1, resp))) : null,
        x(
          'div',
          {type: 'sources'},
          x('head', {}, 'Sentences and their sources'),
          x(
            'list',
            {},
            edition.sentences.map((s) => x('item', {n: s.n, corresp: `#${s.id}`}, `Sentence ${s.n}: ${sourceCitation(edition, s).text}`))
          )
        ),
        edition.references.length
          ? x('div', {type: 'bibliography'}, x('head', {}, 'Bibliography'), x('listBibl', {}, edition.references.map((r) => biblStruct(r))))
          : null
      )
    )
  )
  return toXml(tei, BLOCK)
}

/** One xml:id per person responsible: the editors, then any other annotation author. */
function respIds(edition: Edition): Map<string, string> {
  const map = new Map<string, string>()
  for (const name of [...edition.meta.editors.map((e) => e.name), ...edition.annotations.map((a) => a.author)]) {
    if (!map.has(name)) map.set(name, `resp-${map.size + 1}`)
  }
  return map
}

function header(edition: Edition, resp: Map<string, string>): XElement {
  const meta = edition.meta
  const cite = editionCitation(edition)
  const editors = new Set(meta.editors.map((e) => e.name))
  const annotators = [...resp.keys()].filter((name) => !editors.has(name))
  const languages = [...new Set([meta.language, ...edition.annotations.flatMap((a) => (a.original ? [a.original.language] : []))])]
  const source = meta.source
  const parts = sourceParts(source)
  return x(
    'teiHeader',
    {},
    x(
      'fileDesc',
      {},
      x(
        'titleStmt',
        {},
        x('title', {type: 'main'}, meta.title),
        meta.subtitle ? x('title', {type: 'sub'}, meta.subtitle) : null,
        meta.editors.map((e) =>
          x(
            'respStmt',
            {'xml:id': resp.get(e.name)},
            x('resp', {}, e.role ?? 'editor'),
            x('name', {ref: e.orcid ? (e.orcid.startsWith('http') ? e.orcid : `https://orcid.org/${e.orcid}`) : undefined}, e.name)
          )
        ),
        annotators.map((name) => x('respStmt', {'xml:id': resp.get(name)}, x('resp', {}, 'annotations'), x('name', {}, name)))
      ),
      x('editionStmt', {}, x('edition', {n: meta.version}, `Version ${meta.version}, `, x('date', {when: isoDate(meta.date)}, meta.date))),
      x(
        'publicationStmt',
        {},
        x('authority', {}, meta.editors.map((e) => e.name).join(', ')),
        meta.url ? x('idno', {type: 'URI'}, meta.url) : null,
        x('date', {when: isoDate(meta.date)}, meta.date),
        x(
          'availability',
          {},
          x('licence', {target: licenceUrl(meta.licence.notes)}, `The edition's own contributions (notes, glossary, apparatus): ${meta.licence.notes}.`),
          x('licence', {target: licenceUrl(meta.licence.code)}, `The software: ${meta.licence.code}.`),
          x('p', {}, meta.licence.text)
        )
      ),
      x('notesStmt', {}, x('note', {type: 'citation'}, `How to cite this edition: ${cite.text}`)),
      x(
        'sourceDesc',
        {},
        x(
          'bibl',
          {'xml:id': 'source-record', type: 'record'},
          source.repository ? x('distributor', {}, source.repository) : null,
          source.record ? x('idno', {type: 'record'}, source.record) : null,
          safeUrl(source.url) ? x('ptr', {target: safeUrl(source.url)}) : null,
          source.captured ? x('date', {type: 'captured', when: isoDate(source.captured)}, source.captured) : null,
          x('note', {}, parts.holds)
        ),
        (() => {
          const work = biblStruct({...source.work, id: 'source-work'} as CslItem, new Set(source.unknown))
          work.attrs['xml:id'] = 'source-work'
          if (parts.unknown) work.children.push(x('note', {type: 'unknown'}, [parts.unknown, parts.unknownNote].filter(Boolean).join(' ')))
          work.children.push(x('relatedItem', {type: 'record', target: '#source-record'}))
          return work
        })(),
        x(
          'listWit',
          {},
          x(
            'witness',
            {'xml:id': 'witness', corresp: '#source-record'},
            'The text of the record’s page as captured: file ',
            x('idno', {type: 'file'}, edition.witness.file),
            ', SHA-256 ',
            x('idno', {type: 'SHA-256'}, edition.witness.sha256),
            '.'
          )
        )
      )
    ),
    x(
      'encodingDesc',
      {},
      x(
        'editorialDecl',
        {},
        x(
          'correction',
          {},
          x(
            'p',
            {},
            meta.interventions.length
              ? ['The text is the witness with these interventions, and no others: ', x('list', {type: 'interventions'}, meta.interventions.map((i) => x('item', {'xml:id': `intervention-${ncname(i.id)}`, n: i.type}, interventionText(i))))]
              : 'The text is the witness as captured, without intervention.'
          )
        ),
        x('segmentation', {}, x('p', {}, 'Each sentence is one <s>, its xml:id derived from its content (stable across versions) and @n its ordinal.')),
        x(
          'interpretation',
          {},
          x(
            'p',
            {},
            `The @cert of a note or glossary entry is the editors’ status: ${STATUSES.map((st) => `${st} (${STATUS[st].meaning}) → ${CERT[st]}`).join('; ')}. Disputed is unknown because no degree of confidence can be stated when the sources disagree.`
          )
        )
      )
    ),
    x(
      'profileDesc',
      {},
      x('langUsage', {}, languages.map((l) => x('language', {ident: l}, languageName(l))))
    ),
    x('revisionDesc', {}, x('change', {when: isoDate(meta.date), n: meta.version}, `Version ${meta.version}.`))
  )
}

function isoDate(date: string): string | undefined {
  return /^\d{4}(-\d{2}(-\d{2})?)?$/.test(date) ? date : undefined
}

function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], {type: 'language'}).of(tag) ?? tag
  } catch {
    return tag
  }
}

// ---------------------------------------------------------------- the text (mdast → TEI)

type Node = Content

function textBlocks(tree: MdRoot): XChild[] {
  // Headings open a new <div>: TEI wants paragraphs before any subdivision, and we keep that order.
  const out: XChild[] = []
  let section: XChild[] | undefined
  for (const node of tree.children) {
    if (node.type === 'heading') {
      section = [x('head', {}, inline(node.children))]
      out.push(x('div', {}, section))
      continue
    }
    const el = block(node)
    if (el) (section ?? out).push(el)
  }
  return out
}

function block(node: Content): XChild {
  switch (node.type) {
    case 'paragraph':
      return x('p', {}, inline(node.children))
    case 'heading':
      return x('p', {rend: 'heading'}, inline(node.children))
    case 'list':
      return x('list', {rend: node.ordered ? 'numbered' : 'bulleted'}, node.children.map((item) => x('item', {}, item.children.map(block))))
    case 'blockquote':
      return x('quote', {}, node.children.map(block))
    case 'code':
      return x('eg', {}, node.value)
    default:
      // html (dropped, as in every view), thematic breaks and definitions carry no text.
      return null
  }
}

function inline(nodes: Node[]): XChild[] {
  return nodes.map((node): XChild => {
    switch (node.type) {
      case 'text':
        return node.value
      case 'sentence':
        return x('s', {'xml:id': node.data.id, n: node.data.n}, inline(node.children))
      case 'term': {
        const t = node
        const id = t.data.occurrence === undefined ? undefined : ids.term(t.data.gloss, t.data.occurrence)
        return x('term', {ref: `#${ids.gloss(t.data.gloss)}`, 'xml:id': id}, inline(t.children))
      }
      case 'noteAnchor': {
        const {note, k, side} = node.data
        return x('anchor', {'xml:id': ids.anchor(note, side, (passages.get(note) ?? 1) > 1 ? k : undefined)})
      }
      case 'reading':
        return inline(node.children)
      case 'gap':
        return null
      case 'cite':
        return x('ref', {type: 'citation', target: node.items.map((c) => `#${ids.ref(c.key)}`).join(' ') || undefined}, node.rendered?.text ?? node.value)
      case 'emphasis':
        return x('hi', {rend: 'italic'}, inline(node.children))
      case 'strong':
        return x('hi', {rend: 'bold'}, inline(node.children))
      case 'delete':
        return x('del', {}, inline(node.children))
      case 'inlineCode':
        return x('code', {}, node.value)
      case 'break':
        return x('lb')
      case 'link': {
        const target = safeUrl(node.url)
        return target ? x('ref', {target}, inline(node.children)) : inline(node.children)
      }
      case 'linkReference':
        return inline(node.children)
      case 'image':
      case 'imageReference':
        return node.alt ?? ''
      default:
        return null
    }
  })
}

// ---------------------------------------------------------------- annotations

function glossEntry(g: Annotation, resp: Map<string, string>, edition: Edition): XChild[] {
  const head: XChild[] = []
  if (g.label) head.push(x('gloss', {}, g.label), '.')
  if (g.original) {
    head.push(' ', x('foreign', {'xml:lang': g.original.language}, g.original.text))
    if (g.original.transliteration) head.push(' (', x('foreign', {'xml:lang': `${g.original.language}-Latn`}, g.original.transliteration), ')')
  }
  for (const url of g.sameAs ?? []) {
    const target = safeUrl(url)
    if (target) head.push(' ', x('ptr', {type: 'sameAs', target}))
  }
  const occurrences = g.targets.map((t, i) => {
    const n = edition.sentences.find((s) => s.id === t.sentences[0])?.n
    return x('ref', {target: `#${ids.term(g.id, i + 1)}`}, `sentence ${n ?? '?'}`)
  })
  return [
    x('label', {}, x('term', {}, g.term ?? g.id)),
    x(
      'item',
      {'xml:id': ids.gloss(g.id), cert: CERT[g.status], resp: `#${resp.get(g.author)}`},
      head.length ? x('p', {}, head) : null,
      bodyBlocks(g.body),
      occurrences.length ? x('p', {rend: 'occurrences'}, 'Occurs in ', occurrences.flatMap((o, i) => (i ? [', ', o] : [o])), '.') : null
    )
  ]
}

function noteEntry(n: Annotation, k: number, resp: Map<string, string>): XElement {
  const only = n.targets.length <= 1
  return x(
    'note',
    {
      'xml:id': ids.note(n.id),
      type: 'editorial',
      n: k,
      target: n.targets.map((_, i) => `#${ids.anchor(n.id, 'start', only ? undefined : i + 1)}`).join(' '),
      targetEnd: n.targets.map((_, i) => `#${ids.anchor(n.id, 'end', only ? undefined : i + 1)}`).join(' '),
      cert: CERT[n.status],
      resp: `#${resp.get(n.author)}`
    },
    bodyBlocks(n.body)
  )
}

// ---------------------------------------------------------------- note bodies (mdast → TEI)

function bodyBlocks(body: MdRoot): XChild[] {
  return body.children.map(block)
}

// ---------------------------------------------------------------- references (CSL-JSON → biblStruct)

const ANALYTIC = new Set(['article', 'article-journal', 'article-magazine', 'article-newspaper', 'chapter', 'entry', 'entry-dictionary', 'entry-encyclopedia', 'paper-conference', 'post', 'post-weblog', 'review', 'review-book'])
const JOURNAL = new Set(['article', 'article-journal', 'article-magazine', 'article-newspaper', 'review', 'review-book'])

interface CslName {
  family?: string
  given?: string
  literal?: string
  'non-dropping-particle'?: string
  'dropping-particle'?: string
  suffix?: string
}

const str = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined)
const names = (v: unknown): CslName[] => (Array.isArray(v) ? (v as CslName[]) : [])

function person(role: 'author' | 'editor', n: CslName, as?: string): XElement {
  if (n.literal || !n.family) return x(role, {role: as}, n.literal ?? n.given ?? '')
  return x(
    role,
    {role: as},
    x(
      'persName',
      {},
      n.given ? [x('forename', {}, n.given), ' '] : null,
      n['dropping-particle'] ? [x('nameLink', {}, n['dropping-particle']), ' '] : null,
      n['non-dropping-particle'] ? [x('nameLink', {}, n['non-dropping-particle']), ' '] : null,
      x('surname', {}, n.family),
      n.suffix ? [' ', x('addName', {}, n.suffix)] : null
    )
  )
}

function cslDate(v: unknown): XElement | undefined {
  const d = v as {'date-parts'?: unknown[][]; literal?: string; raw?: string} | undefined
  const parts = d?.['date-parts']?.[0]
  if (parts?.length && parts.every((p) => /^\d+$/.test(String(p)))) {
    const [y, m, day] = parts.map(Number)
    const when = [String(y).padStart(4, '0'), m && String(m).padStart(2, '0'), day && String(day).padStart(2, '0')].filter(Boolean).join('-')
    return x('date', {when}, when)
  }
  const text = d?.literal ?? d?.raw
  return text ? x('date', {}, text) : undefined
}

/** What stands for a value that is not known: a gap, never a guess. */
const unknownGap = () => x('gap', {reason: 'unknown'}, x('desc', {}, 'not known'))

/** A CSL item as a `<biblStruct>`; `unknown` names the variables not known (each becomes a gap). */
function biblStruct(item: CslItem, unknown: Set<string> = new Set()): XElement {
  const gapFor = (variable: string) => (unknown.has(variable) ? unknownGap() : null)
  const title: XChild = str(item.title) ?? gapFor('title')
  const container: XChild = str(item['container-title']) ?? gapFor('container-title')
  const analytic = ANALYTIC.has(item.type) && !!container
  const authors: XChild[] = names(item.author).map((n) => person('author', n))
  if (!authors.length && unknown.has('author')) authors.push(x('author', {}, unknownGap()))
  const editors = [...names(item.editor).map((n) => person('editor', n)), ...names(item.translator).map((n) => person('editor', n, 'translator'))]
  const event = [str(item.event) ?? str(item['event-title']), str(item['event-place'])].filter(Boolean).join(', ')
  const idno = (type: string, key: string) => (str(item[key]) ? x('idno', {type}, str(item[key])) : null)
  const page = str(item.page)
  const range = page ? /^(\w+)\s*[-–]\s*(\w+)$/.exec(page) : null
  const url = safeUrl(str(item.URL))

  const imprint = x(
    'imprint',
    {},
    str(item['publisher-place']) ? x('pubPlace', {}, str(item['publisher-place'])) : null,
    str(item.publisher) ? x('publisher', {}, str(item.publisher)) : null,
    cslDate(item.issued) ?? x('date', {}, gapFor('issued')),
    analytic && str(item.volume) ? x('biblScope', {unit: 'volume'}, str(item.volume)) : null,
    analytic && str(item.issue) ? x('biblScope', {unit: 'issue'}, str(item.issue)) : null,
    analytic && page ? x('biblScope', {unit: 'page', from: range?.[1], to: range?.[2]}, page) : null
  )
  const monogr = x(
    'monogr',
    {},
    analytic ? null : authors,
    event ? x('meeting', {}, event) : null,
    x('title', {level: analytic ? (JOURNAL.has(item.type) ? 'j' : 'm') : 'm'}, (analytic ? container : title) ?? ''),
    editors,
    idno('ISBN', 'ISBN'),
    idno('ISSN', 'ISSN'),
    analytic ? null : idno('DOI', 'DOI'),
    analytic ? null : idno('number', 'number'),
    str(item.edition) ? x('edition', {}, str(item.edition)) : null,
    imprint,
    !analytic && str(item.volume) ? x('biblScope', {unit: 'volume'}, str(item.volume)) : null,
    str(item['number-of-pages']) ? x('extent', {}, `${str(item['number-of-pages'])} pages`) : null
  )
  return x(
    'biblStruct',
    {'xml:id': ids.ref(item.id), type: item.type},
    analytic ? x('analytic', {}, authors, x('title', {level: 'a'}, title ?? ''), idno('DOI', 'DOI')) : null,
    monogr,
    str(item['collection-title'])
      ? x('series', {}, x('title', {level: 's'}, str(item['collection-title'])), str(item['collection-number']) ? x('biblScope', {unit: 'volume'}, str(item['collection-number'])) : null)
      : null,
    str(item.genre) ? x('note', {type: 'genre'}, str(item.genre)) : null,
    str(item.note) ? x('note', {}, str(item.note)) : null,
    url ? x('ptr', {target: url}) : null
  )
}
