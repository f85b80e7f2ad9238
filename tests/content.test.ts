// The edition's scholarly content, checked as content: evidence cited, statuses honest, no
// unauthorised copies, one transliteration system, every reference used and every key known.
//
// Self-contained on purpose: it reads the annotation files itself (front matter by the regex
// below, YAML by the `yaml` package) and imports nothing from src/, so it tests what the editors
// wrote, whatever the toolkit does with it.
//
// Conventions it enforces (also stated in edition/introduction.md):
// - Every glossary entry and note states facts, so every one must cite evidence in its body.
//   There is no marker for a "non-factual" annotation: none exists, and none is allowed.
// - Evidence is a citation in the body; `further-reading` lists works not consulted for the
//   annotation's content. A work is one or the other within one annotation, never both.
// - Romanization is ALA-LC for Russian without ligature ties and without the breve on й (written
//   i); ь is ʹ (U+02B9) and ъ is ʺ (U+02BA). Upper-case letters romanize with only their first
//   Latin letter upper-case (Ц → Ts), so initialisms come out in their conventional form
//   (ВЦСПС → VTsSPS, ЦК ВКП(б) → TsK VKP(b)) without any exception. INITIALISM_EXCEPTIONS is
//   where a documented exception for a parenthesised initialism would go; it is empty.
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {parse as parseYaml} from 'yaml'

const root = fileURLToPath(new URL('..', import.meta.url))
const FRONT_MATTER = /^---\n([\s\S]*?\n)?---\n/

type Annotation = {file: string; kind: 'glossary' | 'note'; data: Record<string, any>; body: string}
type Reference = Record<string, any> & {id: string}

function splitFrontMatter(source: string): {data: Record<string, any>; body: string} {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const m = FRONT_MATTER.exec(text)
  if (!m) throw new Error('no front matter')
  return {data: (parseYaml(m[1] ?? '') ?? {}) as Record<string, any>, body: text.slice(m[0].length)}
}

function readAnnotations(): Annotation[] {
  const out: Annotation[] = []
  for (const kind of ['glossary', 'notes'] as const) {
    const dir = join(root, 'annotations', kind)
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.md')).sort()) {
      const {data, body} = splitFrontMatter(readFileSync(join(dir, name), 'utf8'))
      out.push({file: `annotations/${kind}/${name}`, kind: kind === 'notes' ? 'note' : 'glossary', data, body})
    }
  }
  return out
}

const annotations = readAnnotations()
const references: Reference[] = JSON.parse(readFileSync(join(root, 'annotations', 'references.json'), 'utf8'))
const referenceIds = new Set(references.map((r) => r.id))
const introduction = readFileSync(join(root, 'edition', 'introduction.md'), 'utf8')
const text = readFileSync(join(root, 'edition', 'text.md'), 'utf8')

// ---------------------------------------------------------------------------------------------
// Citations. Pandoc's rule for a key: it starts with a letter, digit or _, and may contain
// :.#$%&-+?<>~/ only where a letter, digit or _ follows, so "@key," and "@key." end before the
// punctuation. An @ preceded by a word character (an e-mail address) is not a citation.

const CITATION = /(?<![\p{L}\p{N}_])@([\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&+?<>~/-](?=[\p{L}\p{N}_]))*)/gu

function citationKeys(markdown: string): string[] {
  return [...markdown.matchAll(CITATION)].map((m) => m[1] ?? '')
}

/** A further-reading item: "@key" or "@key, locator". Returns the key, or null if malformed. */
function furtherReadingKey(item: unknown): string | null {
  if (typeof item !== 'string') return null
  const m = /^@([\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&+?<>~/-](?=[\p{L}\p{N}_]))*)(?:,\s+\S.*)?$/u.exec(item.trim())
  return m?.[1] ?? null
}

function furtherReading(a: Annotation): unknown[] {
  const list = a.data['further-reading']
  return list === undefined ? [] : Array.isArray(list) ? list : [list]
}

// ---------------------------------------------------------------------------------------------
// Hedges: words that say a statement is not established. A `verified` annotation may not use
// them, because verified means every factual statement in it is supported by cited evidence.

const HEDGES = [
  'probable', 'probably', 'not certain', 'untested', 'does not test', 'do not test',
  'cannot be checked', 'cannot be established', 'not established', 'cannot be confirmed',
  'unclear', 'uncertain', 'perhaps', 'may have', 'might have', 'it seems', 'seemingly',
  'is not known', 'are not known', 'possibly', 'presumably', 'apparently', 'doubtful',
  'reportedly', 'not confirmed', 'without confirming'
]

function hedgesIn(markdown: string): string[] {
  const flat = markdown.replace(/\s+/g, ' ').toLowerCase()
  return HEDGES.filter((h) => new RegExp(`(?<![\\p{L}])${h.replace(/ /g, '\\s+')}(?![\\p{L}])`, 'u').test(flat))
}

// ---------------------------------------------------------------------------------------------
// Unauthorised copies: hosts of books and articles put online without the rights holder's
// permission. Nothing in the edition may link to them or keep them as verification evidence.

const DENIED_HOSTS = [
  'ebin.pub', 'documents.pub', 'docslib.org', 'dokumen.pub', 'dokumen.tips', 'vdoc.pub', 'epdf.pub',
  'pdfcoffee.com', 'scribd.com', 'studfile.net', 'studfiles.net', 'studylib.net', 'studydoc.ru',
  'fb2.top', 'bookreadfree.com', 'readonlinefree.net', 'booksonline.com.ua', 'trantor.is',
  'bibliboba.com', 'mafiadoc.com', 'traktatov.net', 'library.lol', 'z-lib.org', 'z-library.sk',
  'singlelogin.re', 'pdfdrive.com'
]
// Whole families of mirror hosts, matched anywhere in the host name.
const DENIED_HOST_PATTERNS = [/(^|\.)libgen\./, /(^|[.-])z-lib(rary)?\./, /annas-archive/, /sci-hub/]

function deniedHost(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '')
  return DENIED_HOSTS.some((d) => h === d || h.endsWith(`.${d}`)) || DENIED_HOST_PATTERNS.some((p) => p.test(h))
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'()\]]+/g

/** Denied addresses in a piece of text: URLs with a denied host, and bare mentions of one. */
function deniedAddresses(textToScan: string): string[] {
  const found: string[] = []
  for (const [url] of textToScan.matchAll(URL_IN_TEXT)) {
    try {
      if (deniedHost(new URL(url).hostname)) found.push(url)
    } catch {
      found.push(`unparsable address ${url}`)
    }
  }
  const lower = textToScan.toLowerCase()
  for (const d of DENIED_HOSTS) if (new RegExp(`(?<![\\w-])${d.replace(/\./g, '\\.')}(?![\\w-])`).test(lower)) found.push(d)
  return [...new Set(found)]
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(strings)
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)])
  return []
}

// ---------------------------------------------------------------------------------------------
// ALA-LC romanization of Russian (see the header for the two simplifications).

const LC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'ë', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: 'ʺ', ы: 'y', ь: 'ʹ', э: 'ė', ю: 'iu', я: 'ia'
}

function romanize(cyrillic: string): string {
  let out = ''
  for (const ch of cyrillic.normalize('NFC')) {
    const lower = ch.toLowerCase()
    const latin = LC[lower]
    if (latin === undefined) out += ch
    else if (ch !== lower) out += latin.charAt(0).toUpperCase() + latin.slice(1)
    else out += latin
  }
  return out
}

/** Conventional romanizations allowed for a parenthesised initialism, Cyrillic → Latin. Empty:
 * the table above already gives the conventional forms. Add an entry only with a reason. */
const INITIALISM_EXCEPTIONS: Record<string, string> = {}

function transliterationProblems(cyrillic: string, transliteration: string): string[] {
  const expected = romanize(cyrillic)
  if (expected === transliteration.normalize('NFC')) return []
  // Compare again with documented initialism exceptions applied inside parentheses.
  const withExceptions = cyrillic.replace(/\(([^()]+)\)/g, (whole, inner: string) =>
    INITIALISM_EXCEPTIONS[inner] ? `(${INITIALISM_EXCEPTIONS[inner]})` : whole)
  if (romanize(withExceptions) === transliteration.normalize('NFC')) return []
  return [`expected “${expected}”, found “${transliteration}”`]
}

/** Spellings of Russian words by other systems, which the edition's bodies must not use. */
const NON_LC_SPELLINGS = [
  'Tsentralnaya', 'Tsentralnaia', 'Tsentral’naia', 'Tsentral\'naia', 'Alexei', 'Alexey', 'Aleksey',
  'Kadiyivka', 'Yezhov', 'Vsesoyuzny', 'stakhanovtsi', 'vreditelstvo', 'vreditel\'stvo',
  'sotsialisticheskoye', 'udarniks', 'Ordjonikidze', 'Orjonikidze', 'Grigory Konstantinovich'
]

function nonLcSpellings(markdown: string): string[] {
  return NON_LC_SPELLINGS.filter((s) => new RegExp(`(?<![\\p{L}])${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}])`, 'u').test(markdown))
}

// ---------------------------------------------------------------------------------------------

describe('the helpers of this test can fail', () => {
  it('finds citation keys and stops them before trailing punctuation', () => {
    expect(citationKeys('As shown [@a1; see @b-2, chap. 3] and @c. Mail x@y.org, [-@d].')).toEqual(['a1', 'b-2', 'c', 'd'])
    expect(furtherReadingKey('@siegelbaum1988, chap. 2')).toBe('siegelbaum1988')
    expect(furtherReadingKey('siegelbaum1988')).toBeNull()
    expect(furtherReadingKey('@key,chap. 2')).toBeNull()
  })

  it('finds hedges in a synthetic sentence and none in a plain one', () => {
    expect(hedgesIn('The record was probably staged;\nit is not\ncertain when.')).toEqual(['probably', 'not certain'])
    expect(hedgesIn('The record was set on 31 August 1935.')).toEqual([])
  })

  it('flags addresses and bare mentions of unauthorised copies', () => {
    expect(deniedAddresses('seen at https://ebin.pub/stakhanovism.html and https://fr.scribd.com/document/1')).toEqual([
      'https://ebin.pub/stakhanovism.html', 'https://fr.scribd.com/document/1', 'ebin.pub', 'scribd.com'
    ])
    expect(deniedAddresses('a copy on docslib.org')).toEqual(['docslib.org'])
    expect(deniedHost('libgen.rs')).toBe(true)
    expect(deniedHost('www.cambridge.org')).toBe(false)
    expect(deniedAddresses('https://www.encyclopediaofukraine.com/x')).toEqual([])
  })

  it('romanizes by ALA-LC and rejects another system', () => {
    expect(romanize('Центральная-Ирмино')).toBe('Tsentralʹnaia-Irmino')
    expect(romanize('ВЦСПС')).toBe('VTsSPS')
    expect(romanize('Объединение')).toBe('Obʺedinenie')
    expect(transliterationProblems('Центральная', 'Tsentralnaya')).toHaveLength(1)
    expect(transliterationProblems('Алексей Стаханов', 'Alexei Stakhanov')).toHaveLength(1)
    expect(nonLcSpellings('the Tsentralnaya-Irmino colliery')).toEqual(['Tsentralnaya'])
  })
})

describe('the annotations', () => {
  it('are found: glossary entries and notes', () => {
    expect(annotations.filter((a) => a.kind === 'glossary').length).toBeGreaterThan(0)
    expect(annotations.filter((a) => a.kind === 'note').length).toBeGreaterThan(0)
  })

  it('each cite at least one evidence work in the body', () => {
    const without = annotations
      .filter((a) => !citationKeys(a.body).some((k) => referenceIds.has(k)))
      .map((a) => a.file)
    expect(without).toEqual([])
  })

  it('marked verified use no hedge', () => {
    const hedged = annotations
      .filter((a) => a.data.status === 'verified')
      .map((a) => ({file: a.file, hedges: hedgesIn(a.body)}))
      .filter((x) => x.hedges.length > 0)
    expect(hedged).toEqual([])
  })

  it('have one of the three statuses', () => {
    expect(annotations.filter((a) => !['verified', 'unverified', 'disputed'].includes(a.data.status)).map((a) => a.file)).toEqual([])
  })

  it('cite in the body only keys that are in the bibliography', () => {
    const unknown = annotations.flatMap((a) => citationKeys(a.body).filter((k) => !referenceIds.has(k)).map((k) => `${a.file}: @${k}`))
    expect(unknown).toEqual([])
  })

  it('list further reading as "@key" or "@key, locator" with known keys', () => {
    const bad = annotations.flatMap((a) => furtherReading(a).flatMap((item) => {
      const key = furtherReadingKey(item)
      return key && referenceIds.has(key) ? [] : [`${a.file}: ${JSON.stringify(item)}`]
    }))
    expect(bad).toEqual([])
  })

  it('never list a work both as evidence and as further reading', () => {
    const both = annotations.flatMap((a) => {
      const evidence = new Set(citationKeys(a.body))
      return furtherReading(a).map(furtherReadingKey).filter((k): k is string => !!k && evidence.has(k)).map((k) => `${a.file}: @${k}`)
    })
    expect(both).toEqual([])
  })

  it('quote the text exactly, once, or with a prefix or suffix', () => {
    const bad = annotations.filter((a) => a.kind === 'note').flatMap((a) => {
      const exact: string = a.data.target?.exact ?? ''
      const count = exact ? text.split(exact).length - 1 : 0
      if (count === 1) return []
      if (count > 1 && (a.data.target.prefix || a.data.target.suffix)) return []
      return [`${a.file}: “${exact}” found ${count} times`]
    })
    expect(bad).toEqual([])
  })

  it('use no spelling of Russian from another romanization system', () => {
    const bad = annotations.flatMap((a) => nonLcSpellings(a.body + '\n' + (a.data.label ?? '') + '\n' + (a.data.term ?? '')).map((s) => `${a.file}: ${s}`))
    bad.push(...nonLcSpellings(introduction).map((s) => `edition/introduction.md: ${s}`))
    expect(bad).toEqual([])
  })
})

describe('the glossary', () => {
  const withOriginal = annotations.filter((a) => a.kind === 'glossary' && a.data.original)

  it('gives Russian forms in Cyrillic', () => {
    const bad = withOriginal.filter((a) => a.data.original.language === 'ru' && !/\p{Script=Cyrillic}/u.test(a.data.original.text)).map((a) => a.file)
    expect(bad).toEqual([])
  })

  it('romanizes every Russian form by ALA-LC', () => {
    const bad = withOriginal
      .filter((a) => a.data.original.language === 'ru')
      .flatMap((a) => a.data.original.transliteration === undefined
        ? [`${a.file}: no transliteration`]
        : transliterationProblems(a.data.original.text, a.data.original.transliteration).map((p) => `${a.file}: ${p}`))
    expect(bad).toEqual([])
  })
})

describe('the bibliography', () => {
  it('has unique ids', () => {
    expect(references.length).toBe(referenceIds.size)
  })

  it('has every reference cited as evidence or as further reading', () => {
    const used = new Set([
      ...annotations.flatMap((a) => citationKeys(a.body)),
      ...annotations.flatMap((a) => furtherReading(a).map(furtherReadingKey).filter((k): k is string => !!k)),
      ...citationKeys(introduction)
    ])
    expect(references.map((r) => r.id).filter((id) => !used.has(id))).toEqual([])
  })

  it('gives an access date for every online work', () => {
    expect(references.filter((r) => r.URL && !r.accessed).map((r) => r.id)).toEqual([])
  })

  it('keeps no address of an unauthorised copy, in any field or verification record', () => {
    const bad = references.flatMap((r) => strings(r).flatMap(deniedAddresses).map((d) => `${r.id}: ${d}`))
    expect(bad).toEqual([])
  })

  it('records how each reference was verified', () => {
    expect(references.filter((r) => !r._verification || Object.keys(r._verification).length === 0).map((r) => r.id)).toEqual([])
  })
})

describe('the annotation files and the introduction', () => {
  it('link to no unauthorised copy', () => {
    const files = [
      ...annotations.map((a) => ({file: a.file, source: readFileSync(join(root, a.file), 'utf8')})),
      {file: 'edition/introduction.md', source: introduction}
    ]
    const bad = files.flatMap(({file, source}) => deniedAddresses(source).map((d) => `${file}: ${d}`))
    expect(bad).toEqual([])
  })
})
