/** The Pandoc Markdown export, read by pandoc itself (`--citeproc`), as a reader would convert it. */
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import fc from 'fast-check'
import {visit} from 'unist-util-visit'
import type {Root} from 'mdast'
import type {Annotation, Citation, Edition} from '../src/model/edition.js'
import type {CiteNode, TermNode} from '../src/model/nodes.js'
import {escapeMarkdown} from '../src/write/markdown/index.js'
import {cleanItem} from '../src/model/csl.js'
import {sourceCitation} from '../src/model/source-citation.js'
import {editionCitation, pandocLabel, STATUS, STATUSES, statusSentence} from '../src/model/words.js'
import {citeNodes} from '../src/cite/index.js'
import {tool} from './helpers/tools.js'
import {gloss, makeEdition, MINIMAL_YAML, note} from './helpers/fixture.js'
import {withOrphan} from './helpers/orphan.js'
import {awkwardEdition, HOSTILE_SCRIPT, output, realEdition, writeAll} from './export-support.js'
import {loadEdition} from '../src/load/index.js'

const pandoc = tool('pandoc', 'apt-get install -y --no-install-recommends pandoc')
const unzip = tool('unzip')

// ---------------------------------------------------------------- pandoc's JSON AST

interface El {
  t: string
  c?: unknown
}
type Attr = [string, string[], [string, string][]]

/** Every element of type `t`, in document order (a Note's contents where it is called). */
function all(ast: unknown, t: string, out: El[] = []): El[] {
  if (Array.isArray(ast)) ast.forEach((n) => all(n, t, out))
  else if (ast && typeof ast === 'object') {
    if ((ast as El).t === t) out.push(ast as El)
    Object.values(ast).forEach((v) => all(v, t, out))
  }
  return out
}

const attrOf = (el: El): Attr => {
  if (el.t === 'Div' || el.t === 'Span' || el.t === 'Header' || el.t === 'Link') return (el.c as unknown[])[el.t === 'Header' ? 1 : 0] as Attr
  throw new Error(`no attributes on ${el.t}`)
}
const contentOf = (el: El): unknown => (el.t === 'Header' ? (el.c as unknown[])[2] : (el.c as unknown[])[1])
const targetOf = (link: El): string => ((link.c as unknown[])[2] as [string, string])[0]
const hasClass = (el: El, c: string) => attrOf(el)[1].includes(c)

/** The characters of inlines as pandoc read them; notes (footnotes) are not part of the words. */
function words(inlines: unknown): string {
  if (!Array.isArray(inlines)) return ''
  return inlines
    .map((n: El): string => {
      switch (n.t) {
        case 'Str':
          return n.c as string
        case 'Space':
          return ' '
        case 'SoftBreak':
        case 'LineBreak':
          return '\n'
        case 'Code':
          return (n.c as [Attr, string])[1]
        case 'Emph':
        case 'Strong':
        case 'Strikeout':
        case 'Superscript':
        case 'Subscript':
        case 'SmallCaps':
          return words(n.c)
        case 'Span':
        case 'Link':
        case 'Cite':
          return words((n.c as unknown[])[1])
        case 'Quoted':
          return `“${words((n.c as unknown[])[1])}”`
        default:
          return ''
      }
    })
    .join('')
}

/** The Div with this id. */
function divById(ast: unknown, id: string): El | undefined {
  return all(ast, 'Div').find((d) => attrOf(d)[0] === id)
}

/** The footnote whose first paragraph links `#target`. */
function noteLinking(ast: unknown, target: string): El | undefined {
  return all(ast, 'Note').find((n) => all(((n.c as El[])[0] as El | undefined)?.c, 'Link').some((l) => targetOf(l) === target))
}

// ---------------------------------------------------------------- the editions, converted

interface Read {
  name: string
  edition: Edition
  md: string
  dir: string
  html: string
  plain: string
  ast: {meta: Record<string, unknown>; blocks: unknown[]}
  csl: Record<string, unknown>[]
}
const editions: Read[] = []

async function convert(name: string, edition: Edition): Promise<Read> {
  const {files, text, dir} = await writeAll(edition, ['md'])
  const run = async (args: string[]) => {
    const r = await output(pandoc!, [files.md!, ...args])
    if (r.code !== 0) throw new Error(`pandoc failed on the ${name} edition: ${r.stderr}`)
    return r.stdout
  }
  return {
    name,
    edition,
    md: text.md!,
    dir,
    html: await run(['--citeproc', '-t', 'html']),
    plain: await run(['--citeproc', '-t', 'plain', '--wrap=none']),
    // The default reader, `smart` and all: what a reader's `pandoc edition.md` sees.
    ast: JSON.parse(await run(['--citeproc', '-t', 'json'])) as Read['ast'],
    csl: JSON.parse(await run(['-s', '-t', 'csljson'])) as Record<string, unknown>[]
  }
}

beforeAll(async () => {
  if (!pandoc) return
  for (const [name, load] of [['real', realEdition], ['awkward', awkwardEdition]] as const) editions.push(await convert(name, await load()))
})

/** Every term node of a tree, in order. */
function terms(tree: Root | undefined): TermNode[] {
  const out: TermNode[] = []
  if (tree) visit(tree, 'term', (n: TermNode) => void out.push(n))
  return out
}

const notes = (e: Edition) => e.annotations.filter((a) => a.type === 'note')
const glosses = (e: Edition) => e.annotations.filter((a) => a.type === 'gloss')
/** Where an annotation's footnote or glossary entry is, in pandoc's AST. */
const entryOf = (ast: unknown, a: Annotation) => (a.type === 'note' ? noteLinking(ast, `#${a.id}-1`) : divById(ast, a.id))

describe.skipIf(!pandoc)('Markdown export, read by pandoc --citeproc', () => {
  it('has one footnote for each note, a glossary entry for each glossary entry, and the edition’s bibliography', () => {
    for (const {name, edition, html, ast} of editions) {
      expect((html.match(/role="doc-endnote"/g) ?? []).length, name).toBe(notes(edition).length)
      const entries = all(divById(ast, 'glossary'), 'Div').filter((d) => hasClass(d, 'gloss'))
      expect(entries.map((d) => attrOf(d)[0]).sort(), name).toEqual(glosses(edition).map((a) => a.id).sort())
      expect((html.match(/class="csl-entry"/g) ?? []).length, name).toBe(edition.bibliography.length)
    }
  })

  it('reads every citation, evidence and further reading, as the Pandoc citation it was written from', () => {
    const key = (c: Citation, inText: boolean) => {
      const within = [c.locator ? `${pandocLabel(c.label)}${c.locator}` : '', c.suffix ?? ''].filter(Boolean).join(', ')
      return [c.key, inText ? 'AuthorInText' : c.suppressAuthor ? 'SuppressAuthor' : 'NormalCitation', c.prefix ?? '', within].join(' | ')
    }
    for (const {name, edition, ast} of editions) {
      const read = all(ast, 'Cite')
        .flatMap((cite) => (cite.c as [{citationId: string; citationMode: El; citationPrefix: unknown; citationSuffix: unknown}[]])[0])
        .map((c) => [c.citationId, c.citationMode.t, words(c.citationPrefix), words(c.citationSuffix).replace(/^,\s*/, '')].join(' | ').replace(/\u00a0/g, ' '))
      const written = [edition.introduction, ...edition.annotations.map((a) => a.body)]
        .flatMap((tree) => (tree ? citeNodes(tree) : []))
        .flatMap((node: CiteNode) => node.items.map((c, i) => key(c, node.inText && i === 0)))
      const further = edition.annotations.flatMap((a) => a.further.flatMap((f) => f.items.map((c) => key(c, false))))
      expect(read.sort(), name).toEqual([...written, ...further].sort())
    }
  })

  it('keeps a span with the sentence id for every sentence, holding exactly the sentence’s characters', () => {
    for (const {name, edition, ast} of editions) {
      const spans = all(divById(ast, 'edition-text'), 'Span').filter((s) => hasClass(s, 's'))
      expect(spans.map((s) => attrOf(s)[0]), name).toEqual(edition.sentences.map((s) => s.id))
      expect(spans.map((s) => words(contentOf(s))), name).toEqual(edition.sentences.map((s) => s.text))
    }
  })

  it('links every occurrence of a glossary term to its entry, in the text, the introduction and every note', () => {
    for (const {name, edition, ast} of editions) {
      // A term is a span (with the occurrence's id, in the text) holding a link to its entry.
      const spans = (within: unknown) => all(within, 'Span').filter((s) => hasClass(s, 'term'))
      const linkOf = (s: El) => all(contentOf(s), 'Link').map(targetOf)
      // (Footnotes are called inside the text; their terms are the notes'.)
      const inText = spans(divById(ast, 'edition-text')).filter((s) => attrOf(s)[0])
      expect(
        inText.map((s) => [attrOf(s)[0], linkOf(s), words(contentOf(s))]),
        name
      ).toEqual(terms(edition.tree).map((t) => [`${t.data.gloss}-${t.data.occurrence}`, [`#${t.data.gloss}`], t.children.map((c) => ('value' in c ? c.value : '')).join('')]))
      // In bodies: as many as the bodies have terms, each linking an entry that exists.
      const bodies = [edition.introduction, ...edition.annotations.map((a) => a.body)].flatMap((t) => terms(t))
      expect(spans(ast).length - inText.length, name).toBe(bodies.length)
      for (const s of spans(ast)) {
        expect(linkOf(s), name).toHaveLength(1)
        expect(divById(ast, linkOf(s)[0]!.slice(1)), `${name}: ${linkOf(s)[0]}`).toBeDefined()
      }
    }
  })

  it('converts to Word with a footnote for each note, and every link within the document lands on a bookmark', async () => {
    for (const {name, edition, dir} of editions) {
      const docx = join(dir, 'edition.docx')
      const r = await output(pandoc!, [join(dir, 'edition.md'), '--citeproc', '-o', docx])
      expect(r.code, r.stderr).toBe(0)
      const xml = (await output(unzip!, ['-p', docx, 'word/document.xml'])).stdout
      expect((xml.match(/<w:footnoteReference /g) ?? []).length, name).toBe(notes(edition).length)
      const bookmarks = new Set([...xml.matchAll(/<w:bookmarkStart [^>]*w:name="([^"]+)"/g)].map((m) => m[1]))
      const anchors = [...new Set([...xml.matchAll(/w:anchor="([^"]+)"/g)].map((m) => m[1]!))]
      expect(anchors.length, name).toBeGreaterThan(edition.sentences.length)
      expect(anchors.filter((a) => !bookmarks.has(a)), name).toEqual([])
    }
  })

  it('reaches every glossary entry, those that occur only in notes too, and each entry links back to every place it occurs and what mentions it', () => {
    for (const {name, edition, ast} of editions) {
      for (const a of glosses(edition)) {
        const entry = divById(ast, a.id)!
        const back = all(entry, 'Link').map(targetOf)
        for (let k = 1; k <= a.targets.length; k++) expect(back, `${name}: ${a.id}`).toContain(`#${a.id}-${k}`)
        for (const by of a.mentionedIn) {
          const other = edition.annotations.find((x) => x.id === by)
          expect(back, `${name}: ${a.id} mentioned in ${by}`).toContain(by === 'introduction' ? '#introduction-h' : other?.type === 'note' ? `#${by}-1` : `#${by}`)
          // …and the mention itself links the entry.
          const from = by === 'introduction' ? divById(ast, 'introduction') : entryOf(ast, other!)
          expect(all(from, 'Link').map(targetOf), `${name}: ${by} links ${a.id}`).toContain(`#${a.id}`)
        }
        expect(a.targets.length + a.mentionedIn.length, `${name}: ${a.id} is reachable`).toBeGreaterThan(0)
      }
    }
    expect(editions.find((e) => e.name === 'real')!.edition.annotations.some((a) => a.type === 'gloss' && !a.targets.length)).toBe(true)
  })

  it('marks where each note’s passage starts, and the words from there to its footnote are the passage', () => {
    for (const {name, edition, ast} of editions) {
      // The text as a stream of characters and marks, in reading order.
      const marks: {at: number; start?: string; note?: El}[] = []
      let text = ''
      const walk = (inlines: unknown) => {
        if (!Array.isArray(inlines)) return
        for (const n of inlines as El[]) {
          if (n.t === 'Span' && hasClass(n, 'ns')) marks.push({at: text.length, start: attrOf(n)[0]})
          if (n.t === 'Note') marks.push({at: text.length, note: n})
          else if (n.t === 'Span' || n.t === 'Link') walk((n.c as unknown[])[1])
          else text += words([n])
        }
      }
      for (const p of all(divById(ast, 'edition-text'), 'Para')) {
        if (text) text += '\n\n'
        walk(p.c)
      }
      for (const a of notes(edition)) {
        const start = marks.find((m) => m.start === `${a.id}-1`)
        const call = marks.find((m) => m.note && m.note === noteLinking(ast, `#${a.id}-1`))
        expect(start, `${name}: ${a.id} start`).toBeDefined()
        expect(call, `${name}: ${a.id} footnote`).toBeDefined()
        expect(text.slice(start!.at, call!.at), `${name}: ${a.id}`).toBe(a.targets[0]!.selector.exact)
      }
    }
  })

  it('gives each sentence’s source', () => {
    for (const {name, edition, plain} of editions) {
      for (const s of edition.sentences) expect(plain, name).toContain(`Sentence ${s.n}. Source: ${sourceCitation(edition, s).text}.`)
    }
  })

  it('defines each status once, and marks every note and entry that is not verified with its status’s word', () => {
    for (const {name, edition, plain, ast} of editions) {
      for (const s of STATUSES) expect(plain.split(statusSentence(s)).length - 1, `${name}: ${s}`).toBe(1)
      for (const a of edition.annotations) {
        const marks = all(entryOf(ast, a), 'Link').filter((l) => targetOf(l) === '#statuses-h').map((l) => words(contentOf(l)))
        expect(marks, `${name}: ${a.id}`).toEqual(a.status === 'verified' ? [] : [STATUS[a.status].word])
      }
    }
  })

  it('cites the evidence in the body and lists further reading apart, after it', () => {
    const keys = (within: unknown) => all(within, 'Cite').flatMap((c) => (c.c as [{citationId: string}[]])[0].map((x) => x.citationId))
    for (const {name, edition, ast} of editions) {
      for (const a of edition.annotations) {
        const entry = entryOf(ast, a)
        const further = all(entry, 'Div').filter((d) => hasClass(d, 'further'))
        expect(keys(further), `${name}: ${a.id}`).toEqual(a.further.flatMap((f) => f.items.map((c) => c.key)))
        const all_ = keys(entry)
        expect(all_.slice(0, all_.length - keys(further).length), `${name}: ${a.id}`).toEqual(citeNodes(a.body).flatMap((c) => c.items.map((i) => i.key)))
      }
    }
  })

  it('puts the introduction, then the statement, before the text', () => {
    for (const {name, edition, ast} of editions) {
      const order = ast.blocks.filter((b) => (b as El).t === 'Div').map((b) => attrOf(b as El)[0])
      expect(order.slice(0, 2), name).toEqual(['introduction', 'text'])
      const intro = all(divById(ast, 'introduction'), 'Header').map((h) => attrOf(h)[0])
      expect(intro.slice(-2), name).toEqual(['statuses-h', 'evidence-h'])
      if (edition.introduction) expect(intro.length, name).toBeGreaterThan(3)
    }
  })

  it('gives every element an id of its own', () => {
    for (const {name, html} of editions) {
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1])
      expect(ids.filter((id, i) => ids.indexOf(id) !== i), name).toEqual([])
    }
  })

  it('carries the title, editors, how to cite the edition and its source', () => {
    for (const {edition, ast, plain} of editions) {
      expect(Object.keys(ast.meta)).toEqual(expect.arrayContaining(['title', 'author', 'date', 'references', 'citation-text', 'source']))
      expect(plain).toContain(`How to cite this edition: ${editionCitation(edition).text}`)
      expect(plain).toContain('are not known')
    }
  })

  it('holds the bibliography as CSL that pandoc reads back as the items it was written from', () => {
    for (const {name, edition, csl} of editions) {
      const byId = new Map(csl.map((c) => [c.id, c]))
      for (const r of edition.references) expect(byId.get(r.id), `${name}: ${r.id}`).toEqual(cleanItem(r))
    }
  })

  it('shows a note whose passage is no longer in the text, in a section of its own', async () => {
    const read = await convert('orphan', withOrphan(editions.find((e) => e.name === 'awkward')!.edition, 'two-sentences'))
    const entry = divById(read.ast, 'two-sentences')!
    expect(attrOf(entry)[1]).toEqual(['note', 'orphan'])
    expect(words(all(entry, 'Para').flatMap((p) => [p.c, [{t: 'Space'}]]).flat())).toContain('This note spans two sentences')
    expect(all(entry, 'Link').filter((l) => targetOf(l) === '#statuses-h').map((l) => words(contentOf(l)))).toEqual(['Disputed'])
    expect((read.html.match(/role="doc-endnote"/g) ?? []).length).toBe(notes(read.edition).length)
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

  it('keeps Pandoc’s own raw-output and TeX syntax in a note inert', async () => {
    const root = makeEdition({
      text: 'The union met in Moscow. It ended.\n',
      notes: {
        raw: note(
          'union met',
          '```{=html}\n<script>alert(3)</script>\n```\n\nInline `<b>bold</b>`{=html} and \\input{/etc/passwd} and $\\alpha$ and ^[inline note] and [span]{.x onclick="y"} and <div>z</div>.'
        )
      }
    })
    const {edition} = await loadEdition(root)
    const read = await convert('raw', edition!)
    expect(read.html.match(/<script|<b>|<[^>]*\sonclick|<div>z/gi) ?? [], read.html).toEqual([])
    expect(read.html).toContain('&lt;script&gt;alert(3)&lt;/script&gt;')
    const latex = await output(pandoc!, [join(read.dir, 'edition.md'), '-t', 'latex'])
    expect(latex.stdout).not.toMatch(/\\input\{/)
    expect(latex.stdout).toContain('\\textbackslash input\\{/etc/passwd\\}')
    expect((read.html.match(/role="doc-endnote"/g) ?? []).length).toBe(1)
  })
})

describe('Markdown escaping', () => {
  it('escapes what Pandoc would read as markup, citations, HTML or a list', () => {
    expect(escapeMarkdown('a *b* _c_ [d] <e> @f & $g$ ^h^ ~i~ `j` |l| \\m')).toBe('a \\*b\\* \\_c\\_ \\[d\\] \\<e\\> \\@f & \\$g\\$ \\^h\\^ \\~i\\~ \\`j\\` \\|l\\| \\\\m')
    expect(escapeMarkdown('- item\n1. item\n: def\n# h\na) b')).toBe('\\- item\n1\\. item\n\\: def\n\\# h\na\\) b')
    expect(escapeMarkdown('record-breaking 1935. 0.1.0 a--b')).toBe('record-breaking 1935. 0.1.0 a\\--b')
  })

  it.skipIf(!pandoc)('writes any text so that pandoc reads back the same characters', async () => {
    const chars = [...' !"#$%&\'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~', '  ', '\t', '...', '--', 'Ph.D. ', 'e.g. ', '’', '‘', '“', '”', '—', 'é', 'Москва', '노동자', '\u00a0', '&amp;', '&#x41;', '&#x201C;', '<br>', '(@)', 'iv. ', '#. ', '::: ', '```', '\nx', '\n- ', '\n1. ', '\n# ', '\n> ', '\n  + ', '!']
    const sample = [
      ...fc.sample(fc.string({unit: fc.constantFrom(...chars), minLength: 1, maxLength: 24}), {numRuns: 400, seed: 1936}),
      ...fc.sample(fc.string({unit: fc.constantFrom(...chars), minLength: 1, maxLength: 48}), {numRuns: 400, seed: 2026})
    ].map((s) => s.replace(/^\s+|\s+$/g, '').replace(/\n\s*\n/g, '\n') || 'x')
    // One pandoc run: each string a paragraph in its own div.
    const doc = sample.map((s, i) => `::: {#t${i}}\n${escapeMarkdown(s)}\n:::`).join('\n\n')
    const file = join(mkdtempSync(join(tmpdir(), 'escape-')), 'escape.md')
    writeFileSync(file, doc)
    const r = await output(pandoc!, [file, '-t', 'json'])
    const ast = JSON.parse(r.stdout) as {blocks: El[]}
    sample.forEach((s, i) => {
      const d = divById(ast, `t${i}`)
      // Pandoc trims a paragraph's leading and trailing whitespace, as any reader of Markdown would.
      expect(words(all(d, 'Para').map((p) => p.c).flat()), JSON.stringify(s)).toBe(s)
    })
  })
})

describe.skipIf(!pandoc)('Markdown export of an edition of another kind of source', () => {
  it('says nothing of an abstract or an article when the edition does not', async () => {
    const yaml = MINIMAL_YAML.replace('type: article-journal', 'type: personal_communication').replace('holds: A test witness.', 'holds: The letter, photographed.')
    const root = makeEdition({text: 'Dear Ivan, the union met. Yours.\n', yaml, glossary: {union: gloss('union', ['union'])}})
    const {edition} = await loadEdition(root)
    const read = await convert('letter', edition!)
    expect(read.md).not.toMatch(/abstract|article/i)
    expect(read.plain).toContain('The letter’s author and title are not known')
  })
})
