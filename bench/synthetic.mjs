/**
 * A seeded synthetic edition of a given size, for `npm run bench`: realistic prose (abbreviations
 * such as `Dr.`, `pp. 12–14`, `c. 1935`, `e.g.`; curly and straight quotes; numbers and years),
 * a glossary of 200 terms with several forms, 500 references, and notes at a fixed density, about
 * 30 % of them citing a work. At 1 MiB: about 7,500 sentences and 10,000 annotations.
 *
 * The same seed gives the same edition, byte for byte.
 */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

/** mulberry32: a small, well-distributed 32-bit PRNG. */
function random(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const SYLLABLES = ['ka', 'lo', 'mir', 'tan', 'vel', 'dor', 'sen', 'pra', 'vok', 'lin', 'ar', 'ost', 'ne', 'ru', 'shen', 'zav', 'od', 'ik', 'ma', 'tro', 'gul', 'ber', 'fa', 'yu']
const COMMON = 'the of and to in a was that for on with as by at from his it an were which this had not but be their are they been one all would there have who more after its when into other some them time only these first two over new'.split(' ')

export function synthetic({bytes, seed = 1935}) {
  const rand = random(seed)
  const pick = (list) => list[Math.floor(rand() * list.length)]
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1))
  const word = () => Array.from({length: int(1, 3)}, () => pick(SYLLABLES)).join('')

  // 200 glossary terms, each with 2–3 forms (a singular, a plural, sometimes a capitalised one).
  const glossary = Array.from({length: 200}, (_, i) => {
    const head = `${word()}${word()}`
    const term = `${head} ${pick(['union', 'council', 'norm', 'plan', 'drive', 'brigade', 'conference', 'decree'])}`
    const forms = [term, `${term}s`]
    if (i % 3 === 0) forms.push(term[0].toUpperCase() + term.slice(1))
    return {id: `term-${i + 1}`, term, forms}
  })
  // 500 references: books and articles, some authors with several works of one year.
  const references = Array.from({length: 500}, (_, i) => {
    const family = `${word()[0].toUpperCase()}${word()}`
    const year = 1920 + (i % 90)
    return i % 2
      ? {id: `ref${i}`, type: 'book', title: `${word()} and ${word()}: a study`, author: [{family, given: 'A.'}], issued: {'date-parts': [[year]]}, publisher: 'Press', 'publisher-place': 'London'}
      : {id: `ref${i}`, type: 'article-journal', title: `On ${word()}`, author: [{family, given: 'B.'}], 'container-title': 'Journal', volume: String(i % 40), page: `${i}–${i + 20}`, issued: {'date-parts': [[year]]}}
  })

  // Every form occurs at least once (an unmatched form is an error), then at random.
  const pending = glossary.flatMap((g) => g.forms)
  const sentence = () => {
    const n = int(8, 26)
    const parts = []
    for (let i = 0; i < n; i++) {
      const r = rand()
      if (pending.length && i === 1) parts.push(pending.pop())
      else if (r < 0.05) parts.push(pick(pick(glossary).forms))
      else if (r < 0.07) parts.push(`${int(1, 9)},${String(int(0, 999)).padStart(3, '0')}`)
      else if (r < 0.09) parts.push(String(int(1900, 1960)))
      else if (r < 0.1) parts.push(pick(['Dr. Vokar', 'pp. 12–14', 'c. 1935', 'e.g. this', 'St. Petersburg', 'vol. II', 'Jan. 1936']))
      else if (r < 0.11) parts.push(`‘${word()} ${word()}’`)
      else if (r < 0.115) parts.push(`"${word()}"`)
      else parts.push(r < 0.6 ? pick(COMMON) : word())
    }
    const s = parts.join(' ')
    return `${s[0].toUpperCase()}${s.slice(1)}${pick(['.', '.', '.', '.', '?', '!'])}`
  }

  const paragraphs = []
  let size = 0
  let count = 0
  while (size < bytes) {
    const p = Array.from({length: int(8, 20)}, sentence).join(' ')
    paragraphs.push(p)
    size += Buffer.byteLength(p) + 2
    count += p.split(/[.?!](?= |$)/).length - 1
  }
  const text = paragraphs.join('\n\n') + '\n'

  // Notes: one quote every ~100 characters of text, 30 % citing a work with a page.
  const notes = []
  const target = Math.round((bytes / 1048576) * 9800)
  const words = [...text.matchAll(/[\p{L}]{4,}(?: [\p{L}]{2,}){2,4}/gu)]
  for (let i = 0; i < target && words.length; i++) {
    const m = words[Math.floor((i / target) * words.length)]
    const exact = m[0]
    const at = m.index
    const prefix = text.slice(Math.max(0, at - 32), at)
    const suffix = text.slice(at + exact.length, at + exact.length + 32)
    const cite = i % 10 < 3 ? ` See [@${pick(references).id}, ${int(1, 300)}].` : ''
    notes.push({id: `n${i + 1}`, exact, prefix, suffix, body: `A note on this passage, number ${i + 1}.${cite}`})
  }
  return {text, glossary, references, notes, sentences: count}
}

const yamlString = (s) => JSON.stringify(s)

/** Write the synthetic edition into `root` (which must not exist). */
export function writeSynthetic(root, spec) {
  const e = synthetic(spec)
  const put = (path, content) => {
    mkdirSync(join(root, path, '..'), {recursive: true})
    writeFileSync(join(root, path), content)
  }
  put('edition/text.md', e.text)
  put('edition/witness/w.txt', e.text)
  put(
    'edition/edition.yaml',
    `title: A synthetic edition of ${spec.bytes} bytes
language: en
editors:
  - name: Bench
version: "1.0.0"
date: "2026-01-01"
licence:
  notes: CC-BY-4.0
  code: MIT
  text: Generated.
source:
  work:
    type: book
    title: A generated book
  holds: Generated text.
style: chicago-author-date
witness: witness/w.txt
interventions: []
`
  )
  for (const g of e.glossary) {
    put(`annotations/glossary/${g.id}.md`, `---\nterm: ${yamlString(g.term)}\nforms: ${JSON.stringify(g.forms)}\ncase: exact\nlabel: ${yamlString(g.term)}\nstatus: verified\nauthor: Bench\ncreated: 2026-01-01\nmodified: 2026-01-01\n---\nA term [@ref1].\n`)
  }
  for (const n of e.notes) {
    put(
      `annotations/notes/${n.id}.md`,
      `---\ntarget:\n  exact: ${yamlString(n.exact)}\n  prefix: ${yamlString(n.prefix)}\n  suffix: ${yamlString(n.suffix)}\nstatus: verified\nauthor: Bench\ncreated: 2026-01-01\nmodified: 2026-01-01\n---\n${n.body}\n`
    )
  }
  put('annotations/references.json', JSON.stringify(e.references, null, 1))
  return {sentences: e.sentences, notes: e.notes.length, glossary: e.glossary.length, references: e.references.length, citations: e.notes.filter((n) => n.body.includes('[@')).length + e.glossary.length}
}
