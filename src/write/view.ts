/**
 * The reading view: one server-rendered page from the `Edition` model. It reads without
 * JavaScript (terms link to glossary entries, notes to the apparatus, and back); a small inline
 * script (`src/view/client.js`) enhances it. CSS and script are inlined, so the page is one
 * self-contained file.
 */
import {readFileSync} from 'node:fs'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import {fromHtml} from 'hast-util-from-html'
import type {Element, ElementContent, Root} from 'hast'
import type {Annotation, Edition} from '../model/edition.js'
import {sourceCitation} from '../model/source-citation.js'
import {treeToHtml} from '../pipeline/processor.js'

const asset = (name: string) => readFileSync(new URL(`../view/${name}`, import.meta.url), 'utf8')

export interface PageOptions {
  /** Extra elements for `<head>` (the dev server adds its client this way). */
  head?: ElementContent[]
}

/** Sanitised HTML (from the pipeline) back into hast. */
function fragment(html: string): ElementContent[] {
  return fromHtml(html, {fragment: true}).children as ElementContent[]
}

const STATUS_WORDS: Record<string, string> = {verified: 'Verified', unverified: 'Unverified', disputed: 'Disputed'}

function statusBadge(a: Annotation): Element {
  return h('span', {className: ['status', `status-${a.status}`]}, STATUS_WORDS[a.status] ?? a.status)
}

function glossEntry(edition: Edition, a: Annotation): Element {
  const occurrences = a.targets.map((t, i) => {
    const s = edition.sentences.find((x) => x.id === t.sentences[0])
    return h('a', {href: `#${a.id}-${i + 1}`, className: ['backlink']}, `↩ sentence ${s?.n ?? '?'}`)
  })
  return h('article', {id: a.id, className: ['entry', 'gloss'], dataStatus: a.status}, [
    h('h3', [h('dfn', a.term ?? a.id), ' ', statusBadge(a)]),
    a.label ? h('p', {className: ['label']}, a.label) : '',
    a.original
      ? h('p', {className: ['original']}, [
          h('span', {lang: a.original.language}, a.original.text),
          a.original.transliteration ? [' ', h('span', {className: ['translit']}, `(${a.original.transliteration})`)] : ''
        ])
      : '',
    h('div', {className: ['body']}, fragment(a.body.html)),
    h('p', {className: ['occurrences']}, ['Occurs in: ', ...occurrences.flatMap((o, i) => (i ? [' ', o] : [o]))])
  ])
}

function noteEntry(edition: Edition, a: Annotation, n: number): Element {
  const first = a.targets[0]
  const sentences = (first?.sentences ?? []).map((id) => edition.sentences.find((s) => s.id === id)!)
  return h('article', {id: a.id, className: ['entry', 'note'], dataStatus: a.status}, [
    h('h3', [`Note ${n} `, statusBadge(a)]),
    h('p', {className: ['quote']}, [h('q', first?.selector.exact ?? '')]),
    h('div', {className: ['body']}, fragment(a.body.html)),
    h('p', {className: ['occurrences']}, sentences.map((s, i) => [i ? ' ' : '', h('a', {href: `#${s.id}`, className: ['backlink']}, `↩ sentence ${s.n}`)]))
  ])
}

export async function renderPage(edition: Edition, options: PageOptions = {}): Promise<string> {
  const meta = edition.edition
  const glosses = edition.annotations.filter((a) => a.type === 'gloss').sort((a, b) => (a.term ?? a.id).localeCompare(b.term ?? b.id))
  const notes = edition.annotations.filter((a) => a.type === 'note')
  const unknown = (v: string | null) => v ?? 'not captured'
  const text = await treeToHtml(edition.tree)

  const page: Root = {
    type: 'root',
    children: [
      {type: 'doctype'},
      h('html', {lang: meta.language}, [
        h('head', [
          h('meta', {charSet: 'utf-8'}),
          h('meta', {name: 'viewport', content: 'width=device-width, initial-scale=1'}),
          h('meta', {name: 'color-scheme', content: 'light dark'}),
          h('title', meta.title),
          h('style', asset('style.css')),
          ...(options.head ?? [])
        ]),
        h('body', [
          h('header', {className: ['masthead']}, [
            h('h1', meta.title),
            h('p', {className: ['edition-statement']}, `Edition ${meta.version}, ${meta.date}. Edited by ${meta.editors.map((e) => e.name).join(', ')}.`),
            h('p', {className: ['source-statement']}, [
              'Source: ',
              h('a', {href: meta.source.url}, `${meta.source.repository}, record ${meta.source.record ?? ''}`.trim()),
              `. ${meta.source.description} Article title: ${unknown(meta.source.article.title)}; author: ${unknown(meta.source.article.author)}; journal: ${unknown(meta.source.article.journal)}; year: ${unknown(meta.source.article.year)}.`
            ])
          ]),
          h('main', {id: 'text'}, [h('h2', {className: ['visually-hidden']}, 'Text'), h('div', {className: ['text'], lang: meta.language}, fragment(text))]),
          h('section', {id: 'glossary', ariaLabelledBy: 'glossary-h'}, [h('h2', {id: 'glossary-h'}, 'Glossary'), ...glosses.map((a) => glossEntry(edition, a))]),
          h('section', {id: 'notes', ariaLabelledBy: 'notes-h'}, [h('h2', {id: 'notes-h'}, 'Notes'), ...notes.map((a, i) => noteEntry(edition, a, i + 1))]),
          h('section', {id: 'sources', ariaLabelledBy: 'sources-h'}, [
            h('h2', {id: 'sources-h'}, 'Sentences and their sources'),
            h(
              'ol',
              edition.sentences.map((s) => h('li', {id: `src-${s.id}`}, [h('a', {href: `#${s.id}`}, `Sentence ${s.n}`), ': ', sourceCitation(edition, s).text]))
            )
          ]),
          h('section', {id: 'bibliography', ariaLabelledBy: 'bibliography-h'}, [
            h('h2', {id: 'bibliography-h'}, 'Bibliography'),
            h('div', {className: ['csl-bib-body']}, edition.bibliography.map((b) => h('div', {id: `ref-${b.id}`, className: ['csl-entry']}, fragment(b.html)))),
          ]),
          h('section', {id: 'interventions', ariaLabelledBy: 'interventions-h'}, [
            h('h2', {id: 'interventions-h'}, 'Editorial interventions'),
            h(
              'ol',
              meta.interventions.map((i) =>
                h('li', {id: `int-${i.id}`}, [
                  h('strong', i.type === 'omission' ? `Witness lines ${i.lines[0]}–${i.lines[1]} omitted. ` : `Witness line ${i.line}, column ${i.column}: “${i.original}” → “${i.reading}”. `),
                  i.description,
                  ' ',
                  h('em', 'Why: '),
                  i.reason
                ])
              )
            )
          ]),
          h('footer', [h('p', meta.licence.text)]),
          h('script', {type: 'module'}, asset('client.js'))
        ])
      ])
    ]
  }
  return toHtml(page, {allowDangerousHtml: false})
}
