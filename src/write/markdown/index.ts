/**
 * Pandoc Markdown writer (`edition.md`), for Pandoc, Quarto and Word (`pandoc edition.md
 * --citeproc -o edition.docx`). The document, in order: YAML metadata (with the bibliography as
 * CSL), how to cite the edition and its source, the introduction and the editorial statement,
 * the text, the sentences with their sources, the glossary, the editorial interventions, the
 * bibliography (`::: {#refs}`), and the notes as footnotes. Every section is a fenced div with
 * the reading view's id, and every id the document gives is one the view reserves or an
 * annotation's (`ids.ts`), so no annotation can take a section's id or the reverse.
 *
 * The writer builds an mdast tree (`tree.ts`) from the model, and `dialect.ts` serialises it
 * with `mdast-util-to-markdown`: citations stay Pandoc citations, so `--citeproc` formats them in
 * any CSL style.
 *
 * Security: see `dialect.ts`. Every editor string is a text node or a citation's words, escaped
 * there; raw HTML is never in the tree (the pipeline drops it, and so does `blocks.ts`), images
 * are their alt text (nothing is fetched), and only http(s)/mailto/`#` links are kept.
 */
import type {BlockContent, List, Root, RootContent} from 'mdast'
import type {Edition, Sentence} from '../../model/edition.js'
import {sourceCitation} from '../../model/source-citation.js'
import {editionCitation, EVIDENCE, interventionText, licenceName, licenceUrl, sourceStatement, STATUS, STATUSES, statusSentence} from '../../model/words.js'
import {apparatus, places, type Apparatus} from '../apparatus.js'
import {flow, slugger} from './blocks.js'
import {footnote, glossEntry, orphan, STATEMENT, type Context} from './annotations.js'
import {href} from './inline.js'
import {metadata} from './metadata.js'
import {serialize} from './dialect.js'
import {div, heading, joined, link, paragraph, span, strong, type Inline} from './tree.js'

export {escapeMarkdown} from './dialect.js'

/** `words` with `url`, wherever it occurs, as a link. */
function linked(words: string, url: string | undefined): Inline[] {
  const address = url ? href(url) : undefined
  if (!url || !address) return [words]
  return words.split(url).flatMap((part, i): Inline[] => (i ? [link(address, [url]), part] : [part]))
}

/** A section: a div with the view's id, and its heading (`<id>-h`). */
function section(id: string, title: string, children: BlockContent[]): BlockContent {
  return div({id}, [heading(1, [title], `${id}-h`), ...children])
}

function front(edition: Edition): BlockContent[] {
  const meta = edition.meta
  const cite = editionCitation(edition).text
  const licence = (spdx: string) => link(licenceUrl(spdx), [licenceName(spdx)])
  return [
    paragraph(strong('How to cite this edition:'), ' ', span({id: 'how-to-cite'}, ...linked(cite, meta.url))),
    paragraph(strong('Source:'), ' ', ...linked(sourceStatement(meta), meta.source.url)),
    paragraph(strong('Licence:'), ` ${meta.licence.text.trim()} Notes and apparatus: `, licence(meta.licence.notes), '; software: ', licence(meta.licence.code), '.')
  ]
}

/** The statement every output prints: what each status means, what evidence and further reading are. */
function statement(): BlockContent[] {
  return [
    heading(2, ['Statuses'], STATEMENT.statuses),
    {type: 'list', ordered: false, spread: false, children: STATUSES.map((s) => ({type: 'listItem', spread: false, children: [paragraph(statusSentence(s))]}))},
    heading(2, ['Evidence and further reading'], STATEMENT.evidence),
    paragraph(EVIDENCE.evidence),
    paragraph(EVIDENCE.further)
  ]
}

function introduction(edition: Edition, ctx: Context): BlockContent {
  const intro = edition.introduction ? flow(edition.introduction.children, {footnotes: ctx.footnotes, headings: {top: 2, id: slugger('introduction')}}) : []
  return section('introduction', intro.length ? 'Introduction and editorial statement' : 'Editorial statement', [...intro, ...statement()])
}

function text(edition: Edition, ctx: Context): BlockContent {
  return section('text', 'Text', [
    paragraph('Every glossary term links its entry in the glossary. A note is a footnote called where its passage ends; it quotes the passage and links where it starts. Each sentence’s source follows the text.'),
    div({id: 'edition-text', pairs: [['lang', edition.meta.language]]}, flow(edition.tree.children as RootContent[], {footnotes: ctx.footnotes, headings: {top: 2, id: slugger('text')}}))
  ])
}

/** Each sentence with its source, and the annotations on it. */
function sources(app: Apparatus): BlockContent {
  const item = (s: Sentence): BlockContent[] => {
    const source = sourceCitation(app.edition, s)
    const on = s.annotations.flatMap((id): Inline[][] => {
      const a = app.byId.get(id)
      if (!a) return []
      const mark = a.status === 'verified' ? '' : ` (${STATUS[a.status].word.toLowerCase()})`
      if (a.type === 'gloss') return [[link(`#${a.id}`, [a.term ?? a.id]), mark]]
      const p = places(app, a).find((x) => x.first.n <= s.n && s.n <= x.last.n)
      return p ? [[link(`#${a.id}-${p.k}`, [`the note on “${p.target.selector.exact}”`]), mark]] : []
    })
    return [
      paragraph(
        span({id: `src-${s.id}`}, link(`#${s.id}`, [`Sentence ${s.n}`])),
        '. Source: ',
        ...linked(source.text, source.url),
        '.',
        ...(on.length ? [' Annotations: ', ...joined(on, '; '), '.'] : [])
      )
    ]
  }
  const list: List = {
    type: 'list',
    ordered: true,
    start: app.edition.sentences[0]?.n ?? 1,
    spread: false,
    children: app.edition.sentences.map((s) => ({type: 'listItem', spread: false, children: item(s)}))
  }
  return section('sentences', 'Sentences and their sources', [list])
}

function glossary(ctx: Context): BlockContent {
  return section('glossary', 'Glossary', [
    paragraph('Every glossary entry, A to Z. Each occurrence of a term, in the text, the introduction and the notes, links its entry; each entry links back to where it occurs and to what mentions it.'),
    ...ctx.app.glossary.map((a) => glossEntry(a, ctx))
  ])
}

function orphans(ctx: Context): BlockContent[] {
  const list = ctx.app.edition.orphans
  if (!list.length) return []
  return [heading(1, ['Notes not found in the text'], 'orphans-h'), ...list.map((a) => orphan(a, ctx))]
}

function interventions(edition: Edition): BlockContent {
  const list = edition.meta.interventions
  return section('interventions', 'Editorial interventions', [
    list.length
      ? {type: 'list', ordered: true, spread: false, children: list.map((i) => ({type: 'listItem', spread: false, children: [paragraph(span({id: `int-${i.id}`}, interventionText(i)))]}))}
      : paragraph('None: the text is the witness as captured.')
  ])
}

function bibliography(app: Apparatus): BlockContent {
  // Pandoc puts the bibliography in the div `#refs`; should an annotation take that id, it puts it at the end.
  const refs = app.byId.has('refs') ? [] : [div({id: 'refs'}, [])]
  return section('bibliography', 'Bibliography', refs)
}

export function toMarkdown(edition: Edition): string {
  const app = apparatus(edition)
  const ctx: Context = {app, footnotes: new Set(app.notes.map((a) => a.id))}
  const root: Root = {
    type: 'root',
    children: [
      metadata(edition),
      ...front(edition),
      introduction(edition, ctx),
      text(edition, ctx),
      sources(app),
      glossary(ctx),
      ...orphans(ctx),
      interventions(edition),
      bibliography(app),
      ...app.notes.map((a) => footnote(a, ctx))
    ]
  }
  return serialize(root)
}
