/**
 * The reading view: one server-rendered page from the `Edition` model.
 *
 * The page reads whole without JavaScript: every term links to its glossary entry, every note
 * marker to its note, each sentence number to the sentence's source and annotations, and each
 * entry back to where it is used or mentioned; the witness toggle is a checkbox that CSS obeys. A
 * small inline script (`src/view/client.js`) adds note previews on hover, focus and tap, margin
 * notes on wide screens, a sentence panel with citations, and deep links, by cloning what this
 * writer rendered, so editor text is only ever sanitised once, here. CSS and script are inlined:
 * the page is one self-contained file that loads nothing.
 *
 * The parts, by concern: `text.ts` (the text block), `entries.ts` (notes and glossary),
 * `sources.ts` (sentences and sources), `witness.ts` (interventions and the witness), `front.ts`
 * (masthead, introduction, editorial statement), `panel.ts` (the sentence panel and its
 * citations), `apparatus.ts` (numbers and indexes), `clean.ts` (sanitising and addresses),
 * `languages.ts` (language tags from scripts).
 *
 * Languages: the interface is English (`<html lang="en">`); the text, and the witness, carry the
 * edition's language, and original-language forms their own.
 *
 * Security: the text, note bodies and the introduction arrive as safe mdast (raw HTML dropped,
 * unsafe addresses unlinked, once, by the pipeline) and become hast here; citeproc's output arrives
 * as sanitised hast. Everything from the model that becomes markup goes through `clean()` (the
 * pipeline's schema again, on the tree, not trusting the model to have done it). Every other
 * editor string is passed to hastscript as text. Attributes carry checked ids, language tags,
 * http(s)/mailto addresses (percent-encoded) and, in `data-original`/`data-omitted`, the witness's
 * words, which hast-util-to-html escapes and CSS shows only as generated text, never as markup.
 */
import {readFileSync} from 'node:fs'
import {toolkitFile} from '../../model/toolkit.js'
import {h} from 'hastscript'
import {toHtml} from 'hast-util-to-html'
import type {ElementContent, Root} from 'hast'
import type {Edition} from '../../model/edition.js'
import {editionIri, safeUrl} from '../../model/urls.js'
import {Apparatus} from './apparatus.js'
import {encoded, entryContent} from './clean.js'
import {glossEntry, noteEntry, orphanEntry} from './entries.js'
import {introduction, licence, masthead, section} from './front.js'
import {UI_LANG} from './languages.js'
import {panel} from './panel.js'
import {sentenceEntry} from './sources.js'
import {readingText} from './text.js'
import {interventionItem, witnessView} from './witness.js'

export {PAGE_IDS} from '../../model/ids.js'

const asset = (name: string) => readFileSync(toolkitFile(`view/${name}`)!, 'utf8')

export interface PageOptions {
  /** Extra elements for `<head>` (the dev server adds its client this way). */
  head?: ElementContent[]
}

/**
 * What names this edition for annotation clients and reference managers: its published address
 * (`rel=canonical`, which Hypothesis and Zotero take as the document's address) when it has one,
 * and always its identifier as Dublin Core's `dc.identifier` (both record it with the document's
 * metadata): the IRI the Web Annotation export targets.
 */
function identity(edition: Edition): ElementContent[] {
  const url = safeUrl(edition.meta.url)
  return [url ? h('link', {rel: 'canonical', href: encoded(url)}) : '', h('meta', {name: 'dc.identifier', content: encoded(editionIri(edition))})].filter((x) => x !== '') as ElementContent[]
}

/** Above the text: the witness toggle (a checkbox CSS obeys, so it works without the script) and the keys switch. */
function tools(): ElementContent {
  return h('div', {className: ['tools']}, [
    h('label', {className: ['witness-toggle']}, [h('input', {type: 'checkbox'}), ' Show the witness’s reading in the text']),
    h('label', {className: ['keys-toggle']}, [h('input', {type: 'checkbox', checked: true}), ' Keys j and k move between sentences']),
    h('p', {className: ['witness-legend']}, [
      'In the text now: ',
      h('del', 'what the editors omitted'),
      ', and ',
      h('span', {className: ['w']}, 'the witness’s words where the editors changed them'),
      '. Uncheck to read the edited text.'
    ])
  ])
}

function bibliography(app: Apparatus): ElementContent[] {
  const citing = app.citingSentences()
  return [
    h(
      'ul',
      {className: ['csl-bib-body']},
      app.edition.bibliography.map((b) => {
        const at = citing.get(b.id) ?? []
        return h('li', {id: `ref-${b.id}`, className: ['csl-entry']}, [
          ...entryContent(b),
          at.length ? [' ', h('span', {className: ['cited-by']}, ['Cited at ', ...at.flatMap((s, i) => [i ? ', ' : '', h('a', {href: `#${s.id}`}, `sentence ${s.n}`)]), '.'])] : ''
        ])
      })
    )
  ]
}

function notes(app: Apparatus): ElementContent[] {
  const orphans = app.edition.orphans
  return [
    ...app.notes.map((a) => noteEntry(app, a)),
    ...(orphans.length
      ? [
          h('div', {className: ['orphans']}, [
            h('h3', 'Notes no longer placed in the text'),
            h('p', {className: ['lead']}, 'The words these notes were written on are no longer found in the text. They are kept, with those words and the reason, rather than dropped.'),
            ...orphans.map((a) => orphanEntry(app, a))
          ])
        ]
      : [])
  ]
}

/** The page of each edition made without options: `edition build` writes the same page twice (the view and the html export). */
const made = new WeakMap<Edition, string>()

export function renderPage(edition: Edition, options: PageOptions = {}): string {
  const plain = !options.head?.length
  const done = plain ? made.get(edition) : undefined
  if (done !== undefined) return done
  const page = render(edition, options)
  if (plain) made.set(edition, page)
  return page
}

function render(edition: Edition, options: PageOptions): string {
  const meta = edition.meta
  const app = new Apparatus(edition)
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
          ...identity(edition),
          h('style', asset('style.css')),
          ...(options.head ?? [])
        ]),
        h('body', [
          h('a', {href: '#text', className: ['skip']}, 'Skip to the text'),
          masthead(edition),
          h('div', {className: ['reading']}, [
            h('main', {id: 'text', tabIndex: -1}, [
              h('h2', {className: ['visually-hidden']}, 'Text'),
              tools(),
              h('div', {className: ['text'], id: 'edition-text', lang: meta.language}, readingText(app))
            ]),
            panel(edition)
          ]),
          introduction(edition),
          section('notes', 'Notes', notes(app)),
          section('glossary', 'Glossary', [
            h('p', {className: ['lead']}, 'Every term marked in the text or in the notes, A to Z, with links to each place it occurs and each note that mentions it.'),
            app.glosses.map((a) => glossEntry(app, a))
          ]),
          section('sentences', 'Sentences and their sources', [h('ol', {className: ['sources']}, edition.sentences.map((s) => sentenceEntry(app, s)))]),
          section('interventions', 'Editorial interventions', [
            h('p', {className: ['lead']}, 'What the editors changed between the witness as captured and the text above, and why.'),
            h('ol', meta.interventions.map((i) => interventionItem(i, meta.language))),
            witnessView(edition)
          ]),
          section('bibliography', 'Bibliography', bibliography(app)),
          h('footer', [h('p', ['Notes and apparatus ', licence(meta.licence.notes), '; code ', licence(meta.licence.code), '. Version ', meta.version, '.'])]),
          h('script', {type: 'module'}, asset('client.js'))
        ])
      ])
    ]
  }
  return toHtml(page, {allowDangerousHtml: false})
}
