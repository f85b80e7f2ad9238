/**
 * The text, laid out to be quoted: one sentence a line after its number (the number stands in
 * the margin, outside the sentence), a blank line between paragraphs. Under each sentence, the
 * notes on it, with the words each is on (where its passage starts and ends), and every glossary
 * term that occurs in it. Nothing is put inside a sentence, so a sentence copied from its line
 * is the sentence.
 */
import type {Sentence} from '../../model/edition.js'
import {placesBySentence, type Apparatus, type Place} from '../apparatus.js'
import {hang, oneLine} from './layout.js'

/** The margin: the widest sentence number and two spaces. */
export function margin(sentences: Sentence[]): number {
  return String(Math.max(0, ...sentences.map((s) => s.n))).length + 2
}

/** `text` after the number `n` in a margin `width` wide, its further lines indented to match. */
export function numbered(n: number, text: string, width: number): string {
  return hang(`${String(n).padStart(width - 2)}  `, text, width)
}

export function textBlock(app: Apparatus, number: Map<string, number>): string {
  const sentences = app.edition.sentences
  const width = margin(sentences)
  const starting = placesBySentence(app)
  // A passage that runs on past its first sentence is named again under each further one.
  const byNumber = new Map(sentences.map((s) => [s.n, s]))
  const continuing = new Map<string, Place[]>()
  for (const list of starting.values()) {
    for (const p of list) {
      for (let n = p.first.n + 1; n <= p.last.n; n++) {
        const id = byNumber.get(n)?.id
        if (id) continuing.set(id, [...(continuing.get(id) ?? []), p])
      }
    }
  }
  const block = (s: Sentence): string => {
    const here = starting.get(s.id) ?? []
    const notes = [
      ...(continuing.get(s.id) ?? []).map((p) => `[${number.get(p.annotation.id)}] continued from sentence ${p.first.n}`),
      ...here
        .filter((p) => p.annotation.type === 'note')
        .map((p) => `[${number.get(p.annotation.id)}] “${oneLine(p.target.selector.exact)}”${p.last.n !== p.first.n ? ` (to sentence ${p.last.n})` : ''}`)
    ]
    const terms = here
      .filter((p) => p.annotation.type === 'gloss')
      .map((p) => {
        const words = oneLine(p.target.selector.exact)
        const entry = p.annotation.term ?? p.annotation.id
        return words === entry ? words : `${words} (entry: ${entry})`
      })
    const pad = ' '.repeat(width)
    return [
      numbered(s.n, s.text, width),
      ...(notes.length ? [`${pad}Notes: ${notes.join('; ')}.`] : []),
      ...(terms.length ? [`${pad}Glossary: ${terms.join('; ')}.`] : [])
    ].join('\n')
  }
  const paragraphs: Sentence[][] = []
  for (const s of sentences) (paragraphs[s.paragraph] ??= []).push(s)
  return paragraphs
    .filter(Boolean)
    .map((list) => list.map(block).join('\n'))
    .join('\n\n')
}
