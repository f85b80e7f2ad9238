/** The bibliography exports: CSL-JSON and BibTeX, parsed back by citation-js and read by pandoc. */
import {beforeAll, describe, expect, it} from 'vitest'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {CslItem, Edition} from '../src/model/edition.js'
import {Cite} from '../src/cite/citation-js.js'
import {editionCitation} from '../src/model/words.js'
import {bibtexKey, escapeLatex} from '../src/write/bibtex.js'
import {tool} from './helpers/tools.js'
import {awkwardEdition, output, realEdition, writeAll} from './export-support.js'

const pandoc = tool('pandoc', 'apt-get install -y --no-install-recommends pandoc')

const editions: {name: string; edition: Edition; dir: string; files: Record<string, string>; text: Record<string, string>}[] = []

beforeAll(async () => {
  for (const [name, load] of [['real', realEdition], ['awkward', awkwardEdition]] as const) {
    const edition = await load()
    editions.push({name, edition, ...(await writeAll(edition, ['csl', 'bibtex']))})
  }
})

interface Name {
  family?: string
  given?: string
  literal?: string
}
/** What identifies a work whatever the format: key, title, people, year. */
function work(item: CslItem) {
  const people = (v: unknown) => ((v as Name[] | undefined) ?? []).map((n) => n.literal ?? [n.given, n.family].filter(Boolean).join(' '))
  const issued = item.issued as {'date-parts'?: number[][]} | undefined
  return {
    id: String(item['citation-key'] ?? item.id),
    title: item.title,
    author: people(item.author),
    editor: people(item.editor),
    year: issued?.['date-parts']?.[0]?.[0]
  }
}

describe('CSL-JSON export', () => {
  it('is the edition itself, then every reference without extension fields', () => {
    for (const {edition, text} of editions) {
      const items = JSON.parse(text.csl!) as CslItem[]
      expect(items[0]).toEqual(editionCitation(edition).item)
      expect(items.slice(1).map((i) => i.id)).toEqual(edition.references.map((r) => r.id))
      expect(text.csl).not.toContain('_verification')
      expect(items[0]!.note).toMatch(/’s [a-z, ]+ (?:is|are) not known/)
    }
  })
})

describe('BibTeX export', () => {
  it('parses back with citation-js to the same works, our ids as keys', async () => {
    for (const {name, text} of editions) {
      const csl = JSON.parse(text.csl!) as CslItem[]
      const back = (await Cite.async(text.bibtex!, {forceType: '@bibtex/text'})).data as CslItem[]
      expect(back.map(work), name).toEqual(csl.map((i) => ({...work(i), id: bibtexKey(i.id)})))
    }
  })

  it('keeps Unicode and escapes what LaTeX would read as commands', () => {
    const {text} = editions.find((e) => e.name === 'awkward')!
    expect(text.bibtex).toContain('Кириллица и 한국어 \\{braces\\} 50\\% \\$x\\$')
    expect(text.bibtex).toContain('@book{anon-2001,')
    expect(text.bibtex).toMatch(/^@comment\{How to cite this edition: /)
    expect(escapeLatex('\\a{b}&%$#_~^<>')).toBe('\\textbackslash{}a\\{b\\}\\&\\%\\$\\#\\_\\textasciitilde{}\\textasciicircum{}\\textless{}\\textgreater{}')
    expect(bibtexKey('a key, {with} "junk"')).toBe('a-key-with-junk-')
  })
})

describe.skipIf(!pandoc)('Bibliographies, read by pandoc --citeproc', () => {
  it('reads every work from the CSL-JSON and from the BibTeX file', async () => {
    for (const {name, dir, files, text} of editions) {
      const doc = join(dir, 'all.md')
      writeFileSync(doc, '---\nnocite: "[@*]"\n---\n')
      const count = JSON.parse(text.csl!).length as number
      for (const bib of [files.csl!, files.bibtex!]) {
        const r = await output(pandoc!, [doc, '--citeproc', `--bibliography=${bib}`, '-t', 'html'])
        expect(r.stderr, `${name} ${bib}`).toBe('')
        expect((r.stdout.match(/class="csl-entry"/g) ?? []).length, `${name} ${bib}`).toBe(count)
      }
    }
  })
})
