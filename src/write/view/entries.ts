/**
 * Notes and glossary entries as the apparatus shows them (the script copies them into the note
 * preview, the margin and the sentence panel). Each says its status in words, gives its evidence
 * (the works its text cites) apart from its further reading, and links back to every place it
 * occurs in the text and every note that mentions it.
 */
import {h} from 'hastscript'
import type {Element} from 'hast'
import type {Annotation, Citation} from '../../model/edition.js'
import {locatorText, STATUS} from '../../model/words.js'
import type {Apparatus} from './apparatus.js'
import {body, demoted, entryContent, link, unlinked} from './clean.js'

export function statusBadge(a: Annotation): Element {
  const s = STATUS[a.status]
  return h('span', {className: ['status', `status-${a.status}`]}, [s.word, h('span', {className: ['visually-hidden']}, `: ${s.meaning}.`)])
}

const locator = (c: Citation) => locatorText(c.locator, c.label)

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

/** Evidence (the works the body cites) and further reading (works not consulted), apart. */
function worksCited(app: Apparatus, a: Annotation): (Element | '')[] {
  return [works(app, app.evidence(a), 'Evidence', 'works'), works(app, a.further.flatMap((f) => f.items), 'Further reading', 'further')]
}

const list = (items: Element[]) => items.flatMap((l, i) => (i ? [', ', l] : [l]))

/** Links back to each place in the text (`<annotation>-<k>`), named by sentence. */
function backlinks(app: Apparatus, a: Annotation, lead: string): Element | '' {
  if (!a.targets.length) return ''
  const links = app.targets(a).map((t, i) => {
    const s = app.lastSentence(t.sentences)
    return h('a', {href: `#${a.id}-${i + 1}`}, [h('span', {ariaHidden: 'true'}, '↩ '), `sentence ${s?.n ?? '?'}`])
  })
  return h('p', {className: ['backlinks']}, [lead, ...list(links)])
}

/** Links to the notes, entries and introduction whose text mentions this entry. */
function mentions(app: Apparatus, a: Annotation): Element | '' {
  const links = a.mentionedIn.flatMap((id) => {
    if (id === 'introduction') return app.edition.introduction ? [h('a', {href: '#introduction'}, 'the introduction')] : []
    const by = app.byId.get(id)
    return by ? [h('a', {href: `#${id}`}, app.name(by))] : []
  })
  return links.length ? h('p', {className: ['mentioned']}, ['Mentioned in ', ...list(links), '.']) : ''
}

export function glossEntry(app: Apparatus, a: Annotation): Element {
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
    ...worksCited(app, a),
    backlinks(app, a, 'Occurs in '),
    mentions(app, a)
  ])
}

/** Where a note's passage was found, when not where it was written. */
function anchorState(a: Annotation): Element | '' {
  const s = a.anchor
  if (s.state === 'moved') return h('p', {className: ['anchor-state']}, ['Written on ', h('q', s.was), '; the text now reads ', h('q', s.now), '.'])
  if (s.state === 'orphaned') return h('p', {className: ['anchor-state']}, [`Not found in the text: ${s.reason.trim().replace(/([^.?!])$/, '$1.')}`])
  return ''
}

export function noteEntry(app: Apparatus, a: Annotation): Element {
  const first = app.targets(a)[0]
  return h('article', {id: a.id, className: ['entry', 'note'], dataStatus: a.status}, [
    h('h3', [app.name(a), ' ', statusBadge(a)]),
    first ? h('p', {className: ['quote']}, ['On ', h('q', first.selector.exact)]) : '',
    anchorState(a),
    h('div', {className: ['body']}, demoted(body(a.body))),
    ...worksCited(app, a),
    backlinks(app, a, 'Back to '),
    mentions(app, a)
  ])
}

/**
 * A note whose passage is no longer in the text (Hypothesis's orphan): shown with the words it
 * was written on and why it is not placed, never dropped.
 */
export function orphanEntry(app: Apparatus, a: Annotation): Element {
  const quote = a.targets[0]?.selector.exact
  return h('article', {id: a.id, className: ['entry', 'note', 'orphan'], dataStatus: a.status}, [
    h('h4', [quote ? ['Note on ', h('q', quote)] : `Note ${a.id}`, ' ', statusBadge(a)]),
    anchorState(a),
    h('div', {className: ['body']}, demoted(body(a.body), 5)),
    ...worksCited(app, a)
  ])
}
