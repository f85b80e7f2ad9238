/** The plain-text export, read back: the text, its numbered notes and the bibliography. */
import {beforeAll, describe, expect, it} from 'vitest'
import type {Edition} from '../src/model/edition.js'
import {callOrder} from '../src/write/txt.js'
import {editionCitation, sourceStatement} from '../src/model/words.js'
import {awkwardEdition, HOSTILE_SCRIPT, realEdition, writeAll} from './export-support.js'

interface ReadBack {
  sections: Map<string, string>
  text: string
  calls: number[]
  notes: Map<number, string>
}

/** Parse the export as a reader would: sections under `=====` headings, notes as `[n] …`. */
function readText(txt: string): ReadBack {
  const sections = new Map<string, string>()
  const parts = txt.split(/\n\n([A-Z][A-Z ]+)\n=+\n\n/)
  sections.set('HEAD', parts[0]!)
  for (let i = 1; i < parts.length; i += 2) sections.set(parts[i]!, parts[i + 1]!.trim())
  const body = sections.get('TEXT') ?? ''
  const notes = new Map<number, string>()
  for (const m of (sections.get('NOTES AND GLOSSARY') ?? '').matchAll(/^\[(\d+)\] ([\s\S]*?)(?=\n\n\[\d+\] |$(?![\s\S]))/gm)) notes.set(Number(m[1]), m[2]!)
  return {sections, text: body.replace(/\[\d+\]/g, ''), calls: [...body.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])), notes}
}

const editions: {name: string; edition: Edition; txt: string; read: ReadBack}[] = []

beforeAll(async () => {
  for (const [name, load] of [['real', realEdition], ['awkward', awkwardEdition]] as const) {
    const edition = await load()
    const {text} = await writeAll(edition, ['txt'])
    editions.push({name, edition, txt: text.txt!, read: readText(text.txt!)})
  }
})

describe('Plain-text export, read back', () => {
  it('gives the text exactly, once the note calls are taken out', () => {
    for (const {name, edition, read} of editions) expect(read.text, name).toBe(edition.text)
  })

  it('numbers one call per note and glossary entry, in text order, each with its note', () => {
    for (const {name, edition, read} of editions) {
      expect(read.calls, name).toEqual(edition.annotations.map((_, i) => i + 1))
      expect([...read.notes.keys()], name).toEqual(read.calls)
      callOrder(edition).forEach((a, i) => {
        const note = read.notes.get(i + 1)!
        expect(note, a.id).toContain(a.type === 'gloss' ? a.term! : `“${a.targets[0]!.selector.exact}”`)
        if (a.status !== 'verified') expect(note, a.id).toMatch(a.status === 'disputed' ? /Disputed/ : /Unverified/)
      })
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

  it('carries no hostile markup or javascript: address', () => {
    const {txt} = editions.find((e) => e.name === 'awkward')!
    expect(txt).not.toContain(HOSTILE_SCRIPT)
    expect(txt).not.toContain('alert(1)')
    expect(txt).not.toMatch(/<javascript:/i)
    expect(txt).toContain('Click x or')
  })
})
