/** The plain-text export, read back as a reader would: sentences copied from their lines, notes by number, the glossary by term. */
import {beforeAll, describe, expect, it} from 'vitest'
import type {Edition, Sentence} from '../src/model/edition.js'
import {noteNumbers} from '../src/write/txt/index.js'
import {sourceCitation} from '../src/model/source-citation.js'
import {PARAGRAPH_SEPARATOR} from '../src/model/text.js'
import {editionCitation, sourceStatement, STATUS, STATUSES, statusSentence} from '../src/model/words.js'
import {citeNodes} from '../src/cite/index.js'
import {loadEdition} from '../src/load/index.js'
import {gloss, makeEdition, MINIMAL_YAML} from './helpers/fixture.js'
import {awkwardEdition, HOSTILE_SCRIPT, realEdition, writeAll} from './export-support.js'
import {withOrphan} from './helpers/orphan.js'

interface Line {
  n: number
  text: string
  notes: string
  glossary: string
}

interface ReadBack {
  sections: Map<string, string>
  /** The text's paragraphs, each its sentences as copied from their lines. */
  paragraphs: Line[][]
  notes: Map<number, string>
  glossary: string[]
}

/** Parse the export as a reader would: sections under `=====` headings, notes as `[n] …`. */
function readText(txt: string): ReadBack {
  const sections = new Map<string, string>()
  const parts = txt.split(/\n\n([A-Z][A-Z ]+)\n=+\n\n/)
  sections.set('HEAD', parts[0]!)
  for (let i = 1; i < parts.length; i += 2) sections.set(parts[i]!, parts[i + 1]!.trim())
  // The text: a lead paragraph, then paragraphs of numbered lines; the margin is as wide as the first number's line says.
  const [, ...blocks] = (sections.get('TEXT') ?? '').split('\n\n')
  const paragraphs = blocks.map((block) => {
    const lines: Line[] = []
    let margin = 0
    for (const line of block.split('\n')) {
      const m = /^( *\d+  )(.*)$/.exec(line)
      if (m) {
        margin = m[1]!.length
        lines.push({n: Number(m[1]), text: m[2]!, notes: '', glossary: ''})
        continue
      }
      const current = lines.at(-1)!
      const rest = line.slice(margin)
      if (rest.startsWith('Notes: ')) current.notes = rest
      else if (rest.startsWith('Glossary: ')) current.glossary = rest
      else current.text += `\n${rest}`
    }
    return lines
  })
  const notes = new Map<number, string>()
  for (const m of (sections.get('NOTES') ?? '').matchAll(/^\[(\d+)\] ([\s\S]*?)(?=\n\n\[\d+\] |$(?![\s\S]))/gm)) notes.set(Number(m[1]), m[2]!)
  const glossary = (sections.get('GLOSSARY') ?? '').split(/\n\n(?=\S)/).filter(Boolean)
  return {sections, paragraphs, notes, glossary}
}

const editions: {name: string; edition: Edition; txt: string; json: {sentences: Sentence[]}; read: ReadBack}[] = []

beforeAll(async () => {
  for (const [name, load] of [['real', realEdition], ['awkward', awkwardEdition]] as const) {
    const edition = await load()
    const {text} = await writeAll(edition, ['txt', 'json'])
    editions.push({name, edition, txt: text.txt!, json: JSON.parse(text.json!) as {sentences: Sentence[]}, read: readText(text.txt!)})
  }
})

const notesOf = (e: Edition) => {
  const number = noteNumbers(e)
  return e.annotations.filter((a) => a.type === 'note').sort((a, b) => number.get(a.id)! - number.get(b.id)!)
}

describe('Plain-text export, read back', () => {
  it('gives every sentence on its own numbered line, so that a sentence copied from it is the sentence of edition.json', () => {
    for (const {name, edition, json, read} of editions) {
      const lines = read.paragraphs.flat()
      expect(lines.map((l) => [l.n, l.text]), name).toEqual(json.sentences.map((s) => [s.n, s.text]))
      expect(json.sentences.length, name).toBe(edition.sentences.length)
      // Paragraph by paragraph, and nothing but the space between sentences is left out.
      expect(read.paragraphs.map((p) => p.map((l) => l.n)), name).toEqual(
        edition.text.split(PARAGRAPH_SEPARATOR).map((_, i) => edition.sentences.filter((s) => s.paragraph === i).map((s) => s.n))
      )
      edition.text.split(PARAGRAPH_SEPARATOR).forEach((paragraph, i) => {
        let rest = paragraph
        for (const l of read.paragraphs[i]!) rest = rest.replace(l.text, '')
        expect(rest.trim(), `${name}: paragraph ${i + 1}`).toBe('')
      })
    }
  })

  it('lists under each sentence the notes on it, by number with their words, and every glossary term in it', () => {
    for (const {name, edition, read} of editions) {
      const number = noteNumbers(edition)
      for (const line of read.paragraphs.flat()) {
        const s = edition.sentences.find((x) => x.n === line.n)!
        const starting = edition.annotations.flatMap((a) => a.targets.filter((t) => t.sentences[0] === s.id).map((t) => ({a, t})))
        for (const {a, t} of starting.filter((x) => x.a.type === 'note')) expect(line.notes, `${name}: sentence ${s.n}`).toContain(`[${number.get(a.id)}] “${t.selector.exact}”`)
        const terms = starting.filter((x) => x.a.type === 'gloss')
        expect(line.glossary ? line.glossary.slice('Glossary: '.length, -1).split('; ').length : 0, `${name}: sentence ${s.n}`).toBe(terms.length)
        for (const {t} of terms) expect(line.glossary, `${name}: sentence ${s.n}`).toContain(t.selector.exact)
        // A passage that runs on is named again where it continues.
        for (const a of edition.annotations.filter((x) => x.type === 'note' && x.targets[0]!.sentences.slice(1).includes(s.id))) expect(line.notes, `${name}: sentence ${s.n}`).toContain(`[${number.get(a.id)}] continued`)
      }
    }
  })

  it('numbers the notes in text order, each with the words it is on, its sentence and its status', () => {
    for (const {name, edition, read} of editions) {
      const notes = notesOf(edition)
      expect([...read.notes.keys()], name).toEqual(notes.map((_, i) => i + 1))
      notes.forEach((a, i) => {
        const entry = read.notes.get(i + 1)!
        const sentence = edition.sentences.find((s) => s.id === a.targets[0]!.sentences[0])!
        expect(entry, a.id).toContain(`On “${a.targets[0]!.selector.exact}” (sentence${a.targets[0]!.sentences.length > 1 ? 's' : ''} ${sentence.n}`)
        if (a.status === 'verified') expect(entry, a.id).not.toContain('Status:')
        else expect(entry, a.id).toContain(`Status: ${STATUS[a.status].word}.`)
      })
      // The starts of the passages are in text order.
      const starts = notes.map((a) => a.targets[0]!.start)
      expect(starts, name).toEqual([...starts].sort((x, y) => x - y))
    }
  })

  it('lists every glossary entry A to Z, with where it occurs and what mentions it, so an entry found only in notes is reached', () => {
    for (const {name, edition, read} of editions) {
      const number = noteNumbers(edition)
      const glosses = edition.annotations.filter((a) => a.type === 'gloss').sort((a, b) => a.term!.localeCompare(b.term!))
      expect(read.glossary.map((e) => e.split(' — ')[0]), name).toEqual(glosses.map((a) => a.term))
      glosses.forEach((a, i) => {
        const entry = read.glossary[i]!
        if (a.targets.length) expect(entry, a.id).toMatch(/Occurs in sentences? \d/)
        for (const by of a.mentionedIn) {
          if (by === 'introduction') expect(entry, a.id).toContain('Mentioned in the introduction')
          else if (number.has(by)) {
            expect(entry, a.id).toMatch(new RegExp(`Mentioned in .*notes? [\\d, and]*\\b${number.get(by)}\\b`))
            // …and that note names the entry among its glossary terms.
            expect(read.notes.get(number.get(by)!), `${by} names ${a.id}`).toMatch(new RegExp(`\\n {4}Glossary: .*${a.term}`))
          }
        }
        if (a.status !== 'verified') expect(entry, a.id).toContain(`Status: ${STATUS[a.status].word}.`)
      })
    }
  })

  it('gives the evidence in the body and the further reading after it, labelled', () => {
    for (const {name, edition, read} of editions) {
      notesOf(edition).forEach((a, i) => {
        const entry = read.notes.get(i + 1)!
        const further = entry.indexOf('Further reading: ')
        for (const c of citeNodes(a.body)) expect(entry.indexOf(c.rendered!.text), `${name}: ${a.id}`).toBeGreaterThan(-1)
        if (!a.further.length) expect(further, a.id).toBe(-1)
        for (const f of a.further) expect(entry.indexOf(f.rendered!.text, further), `${name}: ${a.id}`).toBeGreaterThan(further)
      })
    }
  })

  it('states each status’s meaning once, in the editorial statement', () => {
    for (const {name, txt, read} of editions) {
      for (const s of STATUSES) {
        expect(txt.split(statusSentence(s)).length - 1, `${name}: ${s}`).toBe(1)
        expect(read.sections.get('EDITORIAL STATEMENT'), name).toContain(statusSentence(s))
      }
    }
  })

  it('puts the introduction and the editorial statement before the text', () => {
    for (const {name, edition, read} of editions) {
      const order = [...read.sections.keys()]
      if (edition.introduction) expect(order.indexOf('INTRODUCTION'), name).toBe(1)
      expect(order.indexOf('EDITORIAL STATEMENT'), name).toBeLessThan(order.indexOf('TEXT'))
    }
  })

  it('gives each sentence’s source', () => {
    for (const {name, edition, read} of editions) {
      const lines = read.sections.get('SENTENCES AND THEIR SOURCES')!.split('\n')
      expect(lines.map((l) => l.trim()), name).toEqual(edition.sentences.map((s) => `${s.n}  ${sourceCitation(edition, s).text}.`))
    }
  })

  it('lists the bibliography as formatted in the edition’s style', () => {
    for (const {edition, read} of editions) {
      expect(read.sections.get('BIBLIOGRAPHY')!.split('\n\n')).toEqual(edition.bibliography.map((b) => b.text))
    }
  })

  it('says how to cite the edition and states its source', () => {
    for (const {edition, read} of editions) {
      const head = read.sections.get('HEAD')!
      expect(head).toContain(`How to cite this edition: ${editionCitation(edition).text}`)
      expect(head).toContain(sourceStatement(edition.meta))
      expect(head).toMatch(/’s [a-z, ]+ (?:is|are) not known/)
    }
  })

  it('shows a note whose passage is no longer in the text, in a section of its own', async () => {
    const {text} = await writeAll(withOrphan(editions.find((e) => e.name === 'awkward')!.edition, 'two-sentences'), ['txt'])
    const read = readText(text.txt!)
    expect(read.sections.get('NOTES NOT FOUND IN THE TEXT')).toMatch(/^\[3\] Its passage was not found in this version of the text \(the passage is no longer in the text\)\. Status: Disputed\.\n\n {4}This note spans two sentences/)
    expect([...read.notes.keys()]).toEqual([1, 2])
  })

  it('carries no hostile markup or javascript: address', () => {
    const {txt} = editions.find((e) => e.name === 'awkward')!
    expect(txt).not.toContain(HOSTILE_SCRIPT)
    expect(txt).not.toContain('alert(1)')
    expect(txt).not.toMatch(/<javascript:/i)
    expect(txt).toContain('Click x or')
  })

  it('says nothing of an abstract or an article when the edition does not', async () => {
    const yaml = MINIMAL_YAML.replace('type: article-journal', 'type: personal_communication').replace('holds: A test witness.', 'holds: The letter, photographed.')
    const {edition} = await loadEdition(makeEdition({text: 'Dear Ivan, the union met. Yours.\n', yaml, glossary: {union: gloss('union', ['union'])}}))
    const {text} = await writeAll(edition!, ['txt'])
    expect(text.txt).not.toMatch(/abstract|article/i)
    expect(text.txt).toContain('The letter’s author and title are not known')
  })
})
