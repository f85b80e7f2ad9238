/**
 * Pandoc's Markdown, as an `mdast-util-to-markdown` configuration: handlers for what CommonMark
 * lacks (citations, bracketed spans and fenced divs with attributes, attributes on headings,
 * YAML metadata), footnotes from `mdast-util-gfm-footnote`, and `unsafe` patterns for
 * every character Pandoc (not CommonMark) reads as markup. Escaping is the library's job: a text
 * node reads back from Pandoc as the same characters, whatever they are.
 *
 * Security: this is where untrusted text becomes Markdown. Every editor string reaches it as a
 * text node (escaped) or as a citation's prefix, locator or suffix (escaped the same way); code
 * blocks keep only a plain language name, because Pandoc reads an info string such as `{=html}`
 * as raw output; ids, classes and attribute names are the writer's own and are checked here.
 */
import type {Code, Heading, Nodes, Parents, Root, Text, Yaml} from 'mdast'
import {defaultHandlers, toMarkdown, type ConstructName, type Handle, type Info, type Options, type State, type Unsafe} from 'mdast-util-to-markdown'
import {gfmFootnoteToMarkdown} from 'mdast-util-gfm-footnote'
import type {Citation} from '../../model/edition.js'
import type {CiteNode} from '../../model/nodes.js'
import {pandocLabel} from '../../model/words.js'
import type {Attributes, DivNode, SpanNode} from './tree.js'

declare module 'mdast-util-to-markdown' {
  interface ConstructNameMap {
    /** Inside `[…]` of a Pandoc citation. */
    citation: 'citation'
    pandocSpan: 'pandocSpan'
    pandocDiv: 'pandocDiv'
  }
}

// ---------------------------------------------------------------- attributes

const NAME = /^[\p{L}_][\p{L}\p{N}_:.-]*$/u

/** `{#id .class key="value"}`; a bad id, class or key is the writer's bug, so it throws. */
export function attributes(a: Attributes): string {
  const name = (s: string, what: string) => {
    if (!NAME.test(s)) throw new Error(`Markdown writer: \`${s}\` cannot be an attribute ${what}`)
    return s
  }
  const parts = [
    ...(a.id ? [`#${name(a.id, 'id')}`] : []),
    ...(a.classes ?? []).map((c) => `.${name(c, 'class')}`),
    ...(a.pairs ?? []).map(([k, v]) => `${name(k, 'name')}="${v.replace(/[\\"]/g, '\\$&').replace(/\s+/g, ' ')}"`)
  ]
  return `{${parts.join(' ')}}`
}

// ---------------------------------------------------------------- handlers

function pandocSpan(node: SpanNode, _parent: Parents | undefined, state: State, info: Info): string {
  const tracker = state.createTracker(info)
  const exit = state.enter('pandocSpan')
  let value = tracker.move('[')
  value += tracker.move(state.containerPhrasing(node as never, {...tracker.current(), before: value, after: ']'}))
  value += tracker.move(`]${attributes(node.attributes)}`)
  exit()
  return value
}
pandocSpan.peek = () => '['

function pandocDiv(node: DivNode, _parent: Parents | undefined, state: State, info: Info): string {
  const exit = state.enter('pandocDiv')
  const inner = state.containerFlow(node as never, state.createTracker(info).current())
  exit()
  // A closing fence is any fence without attributes, so nested divs need no counting.
  return `::: ${attributes(node.attributes)}\n${inner ? `${inner}\n` : ''}:::`
}

/** A citation in Pandoc's syntax, from its items, so `--citeproc` formats it in any style. */
function cite(node: CiteNode, _parent: Parents | undefined, state: State): string {
  const exit = state.enter('citation')
  const words = (s: string) => readable(state.safe(stripInvalid(s), {before: ' ', after: ' '}))
  const within = (c: Citation) => [c.locator ? `${pandocLabel(c.label)}${words(c.locator)}` : '', c.suffix ? words(c.suffix) : ''].filter(Boolean).join(', ')
  const item = (c: Citation) => {
    const rest = within(c)
    return `${c.prefix ? `${words(c.prefix)} ` : ''}${c.suppressAuthor ? '-' : ''}@${c.key}${rest ? `, ${rest}` : ''}`
  }
  let value: string
  if (node.inText && node.items.length) {
    // `@key [p. 5]`: the author named in the sentence.
    const [first, ...others] = node.items as [Citation, ...Citation[]]
    const bracket = [within(first), ...others.map(item)].filter(Boolean).join('; ')
    value = `@${first.key}${bracket ? ` [${bracket}]` : ''}`
  } else value = `[${node.items.map(item).join('; ')}]`
  exit()
  return value
}
cite.peek = (node: CiteNode) => (node.inText ? '@' : '[')

const heading: Handle = (node: Heading, parent, state, info) => {
  const value = defaultHandlers.heading(node, parent, state, info)
  return node.data?.attributes ? `${value} ${attributes(node.data.attributes)}` : value
}

const code: Handle = (node: Code, parent, state, info) => {
  // Pandoc reads `{=html}` (and other attributes) in an info string as raw output or attributes.
  const lang = node.lang && /^[\w+-]+$/.test(node.lang) ? node.lang : null
  return defaultHandlers.code({...node, lang, meta: null}, parent, state, info)
}

const yaml: Handle = (node: Yaml) => `---\n${node.value}\n---`

/** C0 controls (but tab and line feed) and lone surrogates cannot be written to Markdown or YAML and read back. */
export function stripInvalid(s: string): string {
  return s.replace(/[\u0000-\u0008\u000B-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
}

/**
 * The library writes an opening curly quote it must escape as a character reference; Pandoc
 * reads `\‘` as the same character, and a reader reads it more easily. (A reference after a
 * backslash is left alone: that backslash is escaped, or escapes the `&`.)
 */
const readable = (escaped: string) => escaped.replace(/(?<!\\)&#x(2018|201C);/g, (_, hex: string) => `\\${String.fromCharCode(parseInt(hex, 16))}`)

const text: Handle = (node: Text) => escapeText(stripInvalid(node.value))

/**
 * A text node's value as Pandoc Markdown, in one pass. The library's own `safe()` runs every
 * unsafe pattern over every character (O(patterns × text)): the Markdown of a 1 MiB book took
 * twenty seconds. This escapes the same characters, by the same rules (the patterns below, which
 * `cite` and the library's other handlers still use), assuming the worst context: a value may
 * start a line, and may be followed by a link. Proven by the pandoc round trip of 400 strings and
 * by a comparison with the library's escaping (tests/export-markdown.test.ts).
 */
export function escapeText(value: string): string {
  return value.replace(ESCAPE, (m, ...args: unknown[]) => {
    const g = args.at(-1) as Record<string, string | undefined>
    if (g.space !== undefined || g.abbr !== undefined) return m === '\t' ? '&#x9;' : '&#x20;'
    if (g.tab !== undefined) return '&#x9;'
    // The last character is the one to escape (`1.` → `1\.`, `  -` → `  \-`, `*` → `\*`).
    return `${m.slice(0, -1)}\\${m.at(-1)}`
  })
}

/** Raw HTML never reaches the output tree; should it, it is dropped. */
const html: Handle = () => ''

// ---------------------------------------------------------------- escaping

/** Where CommonMark's own patterns stop too: inside addresses and titles nothing is markup. */
const NOT_IN: ConstructName[] = ['autolink', 'destinationLiteral', 'destinationRaw', 'reference', 'titleQuote', 'titleApostrophe']

const inText = (character: string, extra: Partial<Unsafe> = {}): Unsafe => ({character, inConstruct: 'phrasing', notInConstruct: NOT_IN, ...extra})
const atBreak = (character: string, extra: Partial<Unsafe> = {}): Unsafe => ({atBreak: true, character, ...extra})

/** Pandoc's abbreviations (`pandoc --print-default-data-file abbreviations`): with `smart`, a space after one becomes non-breaking. */
const ABBREVIATIONS =
  'aet. aetat. al. Apr. Aug. bk. Bros. c. Capt. cf. ch. chap. chs. Co. col. Corp. cp. d. Dec. Dr. e.g. ed. eds. esp. f. fasc. Feb. ff. fig. fl. fol. fols. Fr. Gen. Gov. Hon. i.e. ill. Inc. incl. Jan. Jr. Jul. Jun. Ltd. M.A. M.D. Mar. Mr. Mrs. Ms. n. n.b. nn. No. Nov. Oct. p. Ph.D. pp. Pres. Prof. pt. q.v. Rep. Rev. s.v. s.vv. saec. sec. Sen. Sep. Sept. Sgt. Sr. St. univ. viz. vol. vs.'.split(' ')

/** What Pandoc reads as markup and CommonMark does not (CommonMark's own are the library's). */
export const PANDOC_UNSAFE: Unsafe[] = [
  // Citations (`@key`), spans and links (`[…]{…}`), attributes, superscript, subscript and
  // strikeout, math, tables and line blocks, raw HTML, raw TeX (`\command`) and `\ ` (a
  // non-breaking space), wherever they stand.
  ...['@', '[', ']', '{', '}', '^', '~', '$', '|', '<', '>', '\\'].map((c) => inText(c)),
  // The `smart` extension would change the characters: straight quotes, dashes, ellipses; and
  // it reads curly quotes as quotations, which writers print in their own way (only an opening
  // quote can start one).
  inText('"'),
  inText("'"),
  inText('‘'),
  inText('“'),
  inText('-', {after: '-'}),
  inText('.', {after: '\\.\\.'}),
  // …and a space after an abbreviation Pandoc knows ("Ph.D. thesis") would become non-breaking.
  inText(' ', {before: `(?:^|[^A-Za-z0-9.])(?:${ABBREVIATIONS.map((a) => a.replace(/\./g, '\\.')).join('|')})`}),
  // Runs of spaces and tabs would collapse into one space.
  inText(' ', {before: '[ \\t]'}),
  inText('\t'),
  // Block starts: definition lists and fenced divs, grid tables, title blocks, example and
  // fancy lists (`(@)`, `(a)`, `a.`, `iv)`, `#.`).
  atBreak(':'),
  atBreak('~'),
  atBreak('+'),
  atBreak('%'),
  atBreak('('),
  atBreak('.', {before: '[A-Za-z]|[ivxlcdmIVXLCDM]+|#', after: '[ \\t\\r\\n]|$'}),
  atBreak(')', {before: '[A-Za-z]|[ivxlcdmIVXLCDM]+|#', after: '[ \\t\\r\\n]|$'}),
  // In a citation, `;` separates the works.
  {character: ';', inConstruct: 'citation'}
]

/**
 * What a text value must escape, each alternative one rule:
 * - characters that are markup anywhere in Pandoc's Markdown, or that `smart` would change;
 * - `&` that would start a character reference;
 * - a dash before a dash, a full stop before two more (smart dashes, ellipses), `!` that could make the next link an image;
 * - at a line start: block markers, and the punctuation of list numbers (`1.`, `a)`, `iv.`, `#.`);
 * - a second space or a tab (they would collapse), a space or tab at either end or beside a line
 *   break (a line may start or end there, and lose it), a space after an abbreviation Pandoc knows (it would become non-breaking).
 */
const ESCAPE = new RegExp(
  [
    String.raw`(?<mark>[\\` + '`' + String.raw`*_\[\]{}<>@$^~|"'‘“])`,
    String.raw`(?<amp>&(?=#?[A-Za-z0-9]+;))`,
    String.raw`(?<dash>-(?=-))`,
    String.raw`(?<dots>\.(?=\.\.))`,
    String.raw`(?<bang>!$)`,
    String.raw`(?<block>(?<=(?:^|\n)[ \t]*)[#:+%(=>-])`,
    String.raw`(?<num>(?<=(?:^|\n)[ \t]*)(?:\d{1,9}|[A-Za-z]|[ivxlcdmIVXLCDM]+|#)[.)](?=[ \t\n]|$))`,
    String.raw`(?<space>(?<=[ \t\n])[ \t]|^[ \t]|[ \t](?=\n|$))`,
    String.raw`(?<tab>\t)`,
    String.raw`(?<abbr>(?<=(?:^|[^A-Za-z0-9.])(?:${ABBREVIATIONS.map((x) => x.replace(/\./g, '\\.')).join('|')})) )`
  ].join('|'),
  'g'
)

const OPTIONS: Options = {
  bullet: '-',
  emphasis: '*',
  strong: '*',
  fence: '`',
  fences: true,
  listItemIndent: 'one',
  // `* * *`: three dashes could open a YAML block.
  rule: '*',
  ruleSpaces: true,
  // Always `[text](url)`: an autolink takes no attributes and reads differently.
  resourceLink: true,
  extensions: [gfmFootnoteToMarkdown()],
  handlers: {pandocSpan, pandocDiv, cite, heading, code, yaml, html, text} as Options['handlers'],
  unsafe: PANDOC_UNSAFE
}

/** The output tree as Pandoc Markdown. */
export function serialize(tree: Root): string {
  return toMarkdown(tree as Nodes, OPTIONS)
}

/** Text as Pandoc Markdown that reads back as the same characters. */
export function escapeMarkdown(value: string): string {
  return serialize({type: 'root', children: [{type: 'paragraph', children: [{type: 'text', value}]}]}).replace(/\n$/, '')
}
