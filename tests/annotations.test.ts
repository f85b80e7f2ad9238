import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {VFile} from 'vfile'
import {TermMatcher} from '../src/anchor/terms.js'
import {disambiguate, fromRange, toRanges} from '../src/anchor/quote.js'
import {findCitations} from '../src/cite/pandoc.js'
import {formatAll, resolveStyle, type Cluster} from '../src/cite/citeproc.js'
import {parseBody} from '../src/pipeline/body.js'
import {loadEdition} from '../src/load/index.js'
import {citations, htmlOf, textOf} from './helpers/model.js'
import {sharedFile} from './helpers/tools.js'
import {gloss, makeEdition, note} from './helpers/fixture.js'

describe('glossary matcher', () => {
  const m = (forms: [string, string, ('exact' | 'ignore' | 'first-letter')?][], text: string) =>
    new TermMatcher(forms.map(([gloss, form, c]) => ({gloss, form, case: c}))).match(text).map((x) => `${x.gloss}:${text.slice(x.start, x.end)}`)

  it('matches whole words only', () => {
    expect(m([['st', 'Stakhanov']], 'Stakhanov and the Stakhanovite movement; Stakhanov’s record.')).toEqual(['st:Stakhanov', 'st:Stakhanov'])
    expect(m([['v', 'VTsSPS']], 'XVTsSPS, VTsSPSx, (VTsSPS)')).toEqual(['v:VTsSPS'])
  })

  it('lets the longest form win where forms overlap', () => {
    expect(m([['nr', 'norm-revision'], ['onr', 'output norm-revision']], 'the output norm-revision and a norm-revision')).toEqual(['onr:output norm-revision', 'nr:norm-revision'])
  })

  it('never matches a term inside another term', () => {
    expect(m([['sm', 'Stakhanovite movement'], ['mv', 'movement'], ['sc', 'Stakhanovite Conference']], 'the Stakhanovite movement, the movement, the Stakhanovite Conference')).toEqual(['sm:Stakhanovite movement', 'mv:movement', 'sc:Stakhanovite Conference'])
  })

  it('follows each entry’s case rule', () => {
    expect(m([['a', 'VTsSPS', 'exact']], 'vtsps VTsSPS')).toEqual(['a:VTsSPS'])
    expect(m([['a', 'party plenum', 'ignore']], 'Party Plenum, PARTY PLENUM')).toEqual(['a:Party Plenum', 'a:PARTY PLENUM'])
    expect(m([['a', 'Stakhanovite', 'first-letter']], 'stakhanovite Stakhanovite STAKHANOVITE')).toEqual(['a:stakhanovite', 'a:Stakhanovite'])
  })

  it('treats Cyrillic letters as word characters', () => {
    expect(m([['v', 'ВЦСПС']], 'ВЦСПСа ВЦСПС')).toEqual(['v:ВЦСПС'])
  })

  it('does not reach into links', () => {
    const matcher = new TermMatcher([{gloss: 'v', form: 'VTsSPS'}])
    expect(matcher.match('VTsSPS and VTsSPS', [{start: 11, end: 17}]).map((x) => x.start)).toEqual([0])
  })
})

describe('quote anchoring', () => {
  const text = 'The union met. The union met again. The VTsSPS met.'
  it('anchors a unique quote without prefix or suffix', () => {
    expect(toRanges(text, {type: 'TextQuoteSelector', exact: 'VTsSPS'})).toEqual([{start: 40, end: 46}])
  })
  it('finds every place of an ambiguous quote and narrows it with a prefix or suffix', () => {
    expect(toRanges(text, {type: 'TextQuoteSelector', exact: 'The union met'})).toHaveLength(2)
    expect(toRanges(text, {type: 'TextQuoteSelector', exact: 'The union met', suffix: ' again'})).toEqual([{start: 15, end: 28}])
    expect(toRanges(text, {type: 'TextQuoteSelector', exact: 'The union met', prefix: 'met. '})).toEqual([{start: 15, end: 28}])
  })
  it('suggests the shortest context that settles an ambiguous quote', () => {
    const ranges = toRanges(text, {type: 'TextQuoteSelector', exact: 'The union met'})
    expect(disambiguate(text, ranges, 0)).toEqual({suffix: '.'})
    expect(disambiguate(text, ranges, 1)).toEqual({prefix: ' '})
  })
  it('writes a selector for a range that anchors back to the same range', () => {
    const sel = fromRange(text, {start: 15, end: 28})
    expect(sel.exact).toBe('The union met')
    expect(toRanges(text, sel)).toEqual([{start: 15, end: 28}])
  })
})

describe('Pandoc citations', () => {
  it('reads locators, prefixes, suffixes, suppressed authors and in-text citations', () => {
    const [a, b, c, d] = findCitations('[@siegelbaum1988, 99–102] and @davies-khlevnyuk2002 [p. 870] and [-@maier1990] and [see @a, chap. 2; @b]')
    expect(a!.items).toEqual([{key: 'siegelbaum1988', at: 1, locator: '99–102', label: 'page'}])
    expect(b).toMatchObject({inText: true, items: [{key: 'davies-khlevnyuk2002', locator: '870', label: 'page'}]})
    expect(c!.items[0]).toMatchObject({key: 'maier1990', suppressAuthor: true})
    expect(d!.items).toMatchObject([{key: 'a', prefix: 'see', locator: '2', label: 'chapter'}, {key: 'b'}])
  })
  it('ignores e-mail addresses and ordinary brackets', () => {
    expect(findCitations('write to me@example.org [or not]')).toEqual([])
  })
})

describe('citations formatted by citeproc in two CSL styles', () => {
  const refs = [
    {id: 'siegelbaum1988', type: 'book', title: 'Stakhanovism and the Politics of Productivity in the USSR, 1935-1941', author: [{family: 'Siegelbaum', given: 'Lewis H.'}], issued: {'date-parts': [[1988]]}, publisher: 'Cambridge University Press', 'publisher-place': 'Cambridge'}
  ]
  const chicago = sharedFile('validators/csl/chicago-author-date.csl')
  const apa = sharedFile('validators/csl/apa.csl')
  const one = (style: string, items: Cluster['items']) => strip(formatAll(refs, resolveStyle(style, '.'), [{items, inText: false, noteIndex: 1}], ['siegelbaum1988']).citations[0]!)
  it.skipIf(!chicago)('Chicago author-date, with and without a locator', () => {
    expect(one(chicago!, [{key: 'siegelbaum1988', locator: '99–102', label: 'page'}])).toBe('(Siegelbaum 1988, 99–102)')
    expect(one(chicago!, [{key: 'siegelbaum1988'}])).toBe('(Siegelbaum 1988)')
    const bib = formatAll(refs, resolveStyle(chicago!, '.'), [], ['siegelbaum1988']).bibliography
    expect(strip(bib[0]!.html)).toBe('Siegelbaum, Lewis H. 1988. Stakhanovism and the Politics of Productivity in the USSR, 1935-1941. Cambridge: Cambridge University Press.')
  })
  it.skipIf(!apa)('APA, with and without a locator', () => {
    expect(one(apa!, [{key: 'siegelbaum1988', locator: '99–102', label: 'page'}])).toBe('(Siegelbaum, 1988, pp. 99–102)')
    expect(one(apa!, [{key: 'siegelbaum1988'}])).toBe('(Siegelbaum, 1988)')
  })
  it('falls back to a built-in style, and says so, when a style is not installed', () => {
    const s = resolveStyle('no-such-style', '.')
    expect(s.name).toBe('apa')
    expect(s.fallback).toMatch(/CSL style `no-such-style` was not found/)
  })
})

/** Citeproc's HTML as a reader reads it. */
const strip = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&#38;/g, '&').trim()

describe('citations formatted once per edition, in reading order', () => {
  const smith = (id: string, title: string) => ({id, type: 'book', title, author: [{family: 'Smith', given: 'Ann'}], issued: {'date-parts': [[1990]]}, publisher: 'Pub', 'publisher-place': 'London'})
  const refs = [smith('smith-a', 'Alpha'), smith('smith-b', 'Beta'), {id: 'jones', type: 'book', title: 'Gamma', author: [{family: 'Jones', given: 'Bo'}], issued: {'date-parts': [[2000]]}}]
  const styles = Object.fromEntries(['chicago-author-date', 'apa', 'chicago-note-bibliography', 'chicago-fullnote-bibliography'].map((n) => [n, sharedFile(`validators/csl/${n}.csl`)]))

  /** An edition whose notes cite in this order, loaded with `style`. */
  async function cite(style: string, bodies: string[]) {
    const text = bodies.map((_, i) => `Sentence number ${i + 1} here.`).join(' ') + '\n'
    const notes = Object.fromEntries(bodies.map((b, i) => [`n${i + 1}`, note(`number ${i + 1} here`, b)]))
    const {edition, files} = await loadEdition(makeEdition({text, notes, references: refs}), {style})
    expect(files.flatMap((f) => f.messages.filter((m) => m.fatal).map(String))).toEqual([])
    return edition!.annotations.map((a) => textOf(a))
  }

  it.skipIf(!styles['chicago-author-date'])('tells two works of one author and year apart as 1990a and 1990b, in the text and the bibliography', async () => {
    const root = makeEdition({text: 'One here. Two here.\n', notes: {a: note('One', '[@smith-a, 5]'), b: note('Two', '[@smith-b]')}, references: refs})
    const {edition} = await loadEdition(root, {style: styles['chicago-author-date']!})
    expect(edition!.annotations.map(textOf)).toEqual(['(Smith 1990a, 5)', '(Smith 1990b)'])
    expect(edition!.bibliography.map((b) => b.text)).toEqual(['Smith, Ann. 1990a. Alpha. London: Pub.', '———. 1990b. Beta. London: Pub.'])
  })

  it.skipIf(!styles['chicago-author-date'] || !styles.apa)('writes an author-in-text citation as Pandoc does: “Smith (1990, 5)”, in two styles', async () => {
    expect(await cite(styles['chicago-author-date']!, ['As @jones [p. 5] says.', 'See @jones.'])).toEqual(['As Jones (2000, 5) says.', 'See Jones (2000).'])
    expect(await cite(styles.apa!, ['As @jones [p. 5] says.'])).toEqual(['As Jones (2000, p. 5) says.'])
  })

  it.skipIf(!styles['chicago-fullnote-bibliography'] || !styles['chicago-note-bibliography'])('gives a repeated citation its short form in two notes-and-bibliography styles', async () => {
    const full = await cite(styles['chicago-fullnote-bibliography']!, ['[@jones, 5]', '[@smith-a]', '[@jones, 7]', '[@jones, 7]'])
    expect(full[0]).toBe('Bo Jones, Gamma, 2000, 5.')
    expect(full[1]).toBe('Ann Smith, Alpha (London: Pub, 1990).')
    // Subsequent, then "ibid." in Chicago's 17th edition form (the short form, no title).
    expect(full[2]).toBe('Jones, Gamma, 7.')
    expect(full[3]).toBe('Jones, 7.')
    const short = await cite(styles['chicago-note-bibliography']!, ['[@jones, 5]', '[@smith-a]', '[@jones, 7]'])
    expect(short).toEqual(['Jones, Gamma, 5.', 'Smith, Alpha.', 'Jones, Gamma, 7.'])
  })
})

describe('the sanitiser: note bodies are untrusted', () => {
  const render = (md: string) => htmlOf(parseBody(md, new VFile({value: md}), 0, {keys: new Set()}).tree)
  it.each([
    ['<script>alert(1)</script>Text', /<script|alert\(1\)<\/script/],
    ['<img src=x onerror=alert(1)>', /<img|onerror/],
    ['[click](javascript:alert(1))', /javascript:/],
    ['[click](JaVaScRiPt:alert(1))', /javascript:/i],
    ['![x](data:text/html,<script>alert(1)</script>)', /data:text\/html/],
    ['<a href="https://example.org" onclick="alert(1)">x</a>', /onclick/],
    ['<iframe src="https://example.org"></iframe>', /<iframe/],
    ['<style>body{display:none}</style>', /<style/]
  ])('drops %j', (md, bad) => {
    expect(render(md)).not.toMatch(bad)
  })
  it('keeps ordinary Markdown: emphasis, safe links, lists', () => {
    expect(render('*Pravda* and [a record](https://example.org/r)')).toBe('<p><em>Pravda</em> and <a href="https://example.org/r">a record</a></p>')
  })
  it('keeps hostile text out of the built edition', async () => {
    const root = makeEdition({text: 'The VTsSPS met.\n', glossary: {vtsps: gloss('VTsSPS <b>', ['VTsSPS'], '<script>alert(1)</script> [x](javascript:alert(2)) "quoted" & <b>bold</b>')}})
    const {edition} = await loadEdition(root)
    const a = edition!.annotations[0]!
    expect(htmlOf(a.body)).not.toMatch(/<script|javascript:|<b>/)
    const {renderPage} = await import('../src/write/view/index.js')
    const page = renderPage(edition!)
    expect(page).not.toContain('alert(1)</script>')
    expect(page).not.toContain('javascript:alert')
    expect(page).not.toContain('VTsSPS <b>')
  })
})

describe('the edition’s annotations', async () => {
  const {edition, files} = await loadEdition(fileURLToPath(new URL('../', import.meta.url)))
  it('loads without errors', () => {
    expect(files.flatMap((f) => f.messages.filter((m) => m.fatal).map(String))).toEqual([])
    expect(edition).toBeDefined()
  })
  it('gives each of the 14 sentences its source citation and at least one annotation', () => {
    expect(edition!.sentences).toHaveLength(14)
    for (const s of edition!.sentences) {
      expect(s.witness.line).toBe(3)
      expect(s.annotations.length, `sentence ${s.n}`).toBeGreaterThan(0)
    }
  })
  it('links VTsSPS at both of its occurrences', () => {
    const vtsps = edition!.annotations.find((a) => a.id === 'vtsps')!
    expect(vtsps.targets.map((t) => edition!.sentences.find((s) => s.id === t.sentences[0])!.n)).toEqual([6, 9])
  })
  it('resolves every citation to a reference, and lists every cited work in the bibliography', () => {
    const ids = new Set(edition!.references.map((r) => r.id))
    const cited = new Set(edition!.annotations.flatMap((a) => citations(a).map((c) => c.key)))
    for (const key of cited) expect(ids.has(key), key).toBe(true)
    expect(new Set(edition!.bibliography.map((b) => b.id))).toEqual(cited)
  })
  it('cites a reference in every verified annotation, and marks the rest unverified in words', () => {
    for (const a of edition!.annotations) {
      if (a.status === 'verified') expect(citations(a).length, a.id).toBeGreaterThan(0)
    }
    expect(edition!.annotations.some((a) => a.status === 'unverified')).toBe(true)
  })
  it('keeps the article’s authorship unknown, never guessed', () => {
    expect(edition!.meta.source.unknown).toEqual(['author', 'title', 'container-title', 'issued'])
    for (const field of ['author', 'title', 'container-title', 'issued']) expect(edition!.meta.source.work[field], field).toBeUndefined()
  })
})

describe('a BibTeX bibliography', () => {
  it('is read beside or instead of CSL-JSON, keeping its keys as citation keys', async () => {
    const root = makeEdition({
      text: 'The VTsSPS met in 1935.\n',
      notes: {n1: note('VTsSPS', 'See [@deutscher1950, 12].')},
      files: {'annotations/references.bib': '@book{deutscher1950,\n  author = {Deutscher, Isaac},\n  title = {Soviet Trade Unions},\n  year = {1950},\n  publisher = {Oxford University Press}\n}\n'}
    })
    const {edition} = await loadEdition(root)
    expect(edition!.references.map((r) => r.id)).toEqual(['deutscher1950'])
    expect(textOf(edition!.annotations[0]!)).toContain('(Deutscher 1950, 12)')
  })
})

describe('plain text and bibliography from untrusted input', () => {
  it('builds a note’s plain text from the sanitised tree: no raw HTML in it', async () => {
    const root = makeEdition({text: 'The VTsSPS met.\n', notes: {n1: note('VTsSPS', 'Before <script>alert("BODY")</script> after <b onmouseover="x()">bold</b>.\n\nSecond paragraph.')}})
    const {edition} = await loadEdition(root)
    const text = textOf(edition!.annotations[0]!)
    // The tags are gone; what stood between them is ordinary words.
    expect(text).not.toMatch(/<\/?script|onmouseover|<\/?b/)
    expect(text).toBe('Before alert("BODY") after bold.\n\nSecond paragraph.')
  })
  it('sanitises the formatted bibliography, whatever the reference holds', async () => {
    const root = makeEdition({
      text: 'The VTsSPS met.\n',
      notes: {n1: note('VTsSPS', 'See [@x].')},
      references: [{id: 'x', type: 'book', title: '<img src=x onerror=alert(1)> Title', author: [{family: '<b onmouseover=alert(2)>Smith</b>'}], issued: {'date-parts': [[2000]]}}]
    })
    const {edition} = await loadEdition(root)
    const {toHtml} = await import('hast-util-to-html')
    const html = edition!.bibliography.map((b) => toHtml(b.content)).join('')
    // Markup in the fields arrives as escaped text, never as elements or attributes.
    const {fromHtml} = await import('hast-util-from-html')
    const {visit} = await import('unist-util-visit')
    for (const fragment of [html, htmlOf(edition!.annotations[0]!.body)]) {
      visit(fromHtml(fragment, {fragment: true}), 'element', (el) => {
        expect(['div', 'i', 'p', 'span']).toContain(el.tagName)
        for (const name of Object.keys(el.properties)) expect(name).not.toMatch(/^on/i)
      })
    }
    expect(html).toContain('&#x3C;img')
  })
})

describe('anchoring in wrapped text', () => {
  it('finds terms and quotes across line breaks and paragraphs', async () => {
    const root = makeEdition({
      text: 'The unions turned to the output\nnorm-revision in 1936. They met\nagain later.\n\nA second paragraph here.\n',
      glossary: {nr: gloss('norm-revision', ['output norm-revision'])},
      notes: {a: note('They met again later'), b: note('again later. A second')}
    })
    const {edition, files} = await loadEdition(root)
    expect(files.flatMap((f) => f.messages.filter((m) => m.fatal).map(String))).toEqual([])
    const byId = Object.fromEntries(edition!.annotations.map((a) => [a.id, a]))
    expect(edition!.text.slice(byId.nr!.targets[0]!.start, byId.nr!.targets[0]!.end)).toBe('output\nnorm-revision')
    expect(edition!.text.slice(byId.a!.targets[0]!.start, byId.a!.targets[0]!.end)).toBe('They met\nagain later')
    expect(byId.b!.targets[0]!.sentences).toHaveLength(2)
  })
  it('compares prefix and suffix as whitespace too', () => {
    const text = 'one two\nthree. one two four.'
    expect(toRanges(text, {type: 'TextQuoteSelector', exact: 'one two', suffix: ' three'})).toEqual([{start: 0, end: 7}])
    expect(toRanges(text, {type: 'TextQuoteSelector', exact: 'two', prefix: 'three. one '})).toEqual([{start: 19, end: 22}])
  })
})

describe('characters outside the Basic Multilingual Plane', () => {
  it('never cuts a selector’s context in half a character', () => {
    const text = 'x😀' + 'a'.repeat(31) + 'TERM' + 'b'.repeat(31) + '😀y'
    const start = text.indexOf('TERM')
    const sel = fromRange(text, {start, end: start + 4})
    expect(sel.prefix).toBe('a'.repeat(31))
    expect(sel.suffix).toBe('b'.repeat(31))
    expect(sel.prefix + sel.exact + sel.suffix).toBe(text.slice(start - 31, start + 35))
  })
  it('counts a witness column as one character per character', async () => {
    const text = 'The 𝔄 sign. The second sentence.\n'
    const {edition} = await loadEdition(makeEdition({text}))
    expect(edition!.sentences[1]!.witness).toMatchObject({line: 1, column: 13})
  })
})

describe('images', () => {
  it('become their alt text in a note, so no output fetches anything', () => {
    const md = 'A map: ![the Donbas](https://example.org/map.png) and <img src="x">.'
    expect(htmlOf(parseBody(md, new VFile({value: md}), 0, {keys: new Set()}).tree)).toBe('<p>A map: the Donbas and .</p>')
  })
})
