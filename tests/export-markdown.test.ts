/** The Pandoc Markdown export, read by pandoc itself (`--citeproc`). */
import {beforeAll, describe, expect, it} from 'vitest'
import type {Edition} from '../src/model/edition.js'
import {escapeMarkdown} from '../src/write/markdown/index.js'
import {editionCitation} from '../src/model/words.js'
import {citations} from './helpers/model.js'
import {tool} from './helpers/tools.js'
import {awkwardEdition, HOSTILE_SCRIPT, output, realEdition, writeAll} from './export-support.js'

const pandoc = tool('pandoc', 'apt-get install -y --no-install-recommends pandoc')

interface Read {
  name: string
  edition: Edition
  md: string
  html: string
  plain: string
  ast: PandocNode
}
type PandocNode = {t?: string; c?: unknown} | PandocNode[] | string | number | null
const editions: Read[] = []

/** Every node of a pandoc JSON AST of type `t`. */
function nodes(ast: unknown, t: string, out: {t: string; c: unknown}[] = []): {t: string; c: unknown}[] {
  if (Array.isArray(ast)) ast.forEach((n) => nodes(n, t, out))
  else if (ast && typeof ast === 'object') {
    if ((ast as {t?: string}).t === t) out.push(ast as {t: string; c: unknown})
    Object.values(ast).forEach((v) => nodes(v, t, out))
  }
  return out
}

beforeAll(async () => {
  if (!pandoc) return
  for (const [name, load] of [['real', realEdition], ['awkward', awkwardEdition]] as const) {
    const edition = await load()
    const {files, text} = await writeAll(edition, ['md'])
    const run = async (args: string[]) => {
      const r = await output(pandoc, [files.md!, '--citeproc', ...args])
      if (r.code !== 0) throw new Error(`pandoc failed on the ${name} edition: ${r.stderr}`)
      return r.stdout
    }
    editions.push({
      name,
      edition,
      md: text.md!,
      html: await run(['-t', 'html']),
      plain: await run(['-f', 'markdown-smart', '-t', 'plain', '--wrap=none']),
      ast: JSON.parse(await run(['-t', 'json'])) as PandocNode
    })
  }
})

describe.skipIf(!pandoc)('Markdown export, read by pandoc --citeproc', () => {
  it('has one footnote for each note and glossary entry, and the edition’s bibliography', () => {
    for (const {name, edition, html} of editions) {
      expect((html.match(/role="doc-endnote"/g) ?? []).length, name).toBe(edition.annotations.length)
      expect((html.match(/class="csl-entry"/g) ?? []).length, name).toBe(edition.bibliography.length)
    }
  })

  it('reads every citation of every note as a Pandoc citation', () => {
    for (const {name, edition, ast} of editions) {
      const cited = new Set(nodes(ast, 'Cite').flatMap((c) => (c.c as [{citationId: string}[]])[0].map((x) => x.citationId)))
      const expected = new Set(edition.annotations.flatMap((a) => citations(a).map((c) => c.key)))
      expect([...cited].sort(), name).toEqual([...expected].sort())
    }
  })

  it('keeps a span with the sentence id for every sentence, and the text’s characters', () => {
    for (const {name, edition, ast, plain} of editions) {
      const ids = nodes(ast, 'Span').map((s) => (s.c as [[string]])[0][0]).filter((id) => id.startsWith('s-'))
      expect(ids, name).toEqual(edition.sentences.map((s) => s.id))
      const body = plain.replace(/\[\d+\]/g, '')
      for (const paragraph of edition.text.split('\n\n')) expect(body, name).toContain(paragraph)
    }
  })

  it('carries the title, editors, how to cite the edition and its source', () => {
    for (const {edition, ast, plain} of editions) {
      const meta = (ast as {meta: Record<string, unknown>}).meta
      expect(Object.keys(meta)).toEqual(expect.arrayContaining(['title', 'author', 'date', 'references', 'citation-text', 'source']))
      expect(plain).toContain(`How to cite this edition: ${editionCitation(edition).text}`)
      expect(plain).toContain('are not known')
    }
  })

  it('drops raw HTML and javascript: links from note bodies', () => {
    const {md, html} = editions.find((e) => e.name === 'awkward')!
    expect(md).not.toContain(HOSTILE_SCRIPT)
    expect(md).not.toContain('alert(1)')
    expect(md).not.toMatch(/\]\(\s*javascript:/i)
    expect(md).not.toMatch(/<javascript:/i)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/href="\s*javascript:/i)
    expect(html).toContain('&lt;script&gt;alert(2)&lt;/script&gt;') // a fenced code block stays code
  })
})

describe('Markdown escaping', () => {
  it('escapes what Pandoc would read as markup, citations, HTML or a list', () => {
    expect(escapeMarkdown('a *b* _c_ [d] <e> @f & $g$ ^h^ ~i~ `j` #k |l| \\m')).toBe('a \\*b\\* \\_c\\_ \\[d\\] \\<e\\> \\@f \\& \\$g\\$ \\^h\\^ \\~i\\~ \\`j\\` \\#k \\|l\\| \\\\m')
    expect(escapeMarkdown('- item\n1. item\n: def')).toBe('\\- item\n1\\. item\n\\: def')
    expect(escapeMarkdown('record-breaking 1935. 0.1.0 a--b')).toBe('record-breaking 1935. 0.1.0 a\\--b')
  })
})
