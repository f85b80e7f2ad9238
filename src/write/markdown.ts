/**
 * Pandoc Markdown writer (`edition.md`), for Pandoc, Quarto and Word (`pandoc edition.md
 * --citeproc -o edition.docx`). YAML metadata holds the title, editors, version and the
 * bibliography (`references:`, CSL); the text keeps its sentence anchors as bracketed spans
 * (`[…]{#s-… .s}`), glossed terms as `[…]{.term}`, and every note and glossary entry becomes one
 * footnote (`[^id]`), called where the note's passage ends and at a term's first occurrence.
 * Citations are written in Pandoc's own syntax, so `--citeproc` formats them in any CSL style.
 *
 * Security: every text is escaped for Pandoc Markdown (including metadata, which Pandoc reads as
 * Markdown); raw HTML in note bodies is dropped, images are reduced to their alt text (no network),
 * and only http(s)/mailto links are kept.
 */
import type {RootContent} from 'mdast'
import type {Annotation, Citation, Edition} from '../model/edition.js'
import type {CiteNode} from '../model/nodes.js'
import {cleanItem} from '../model/csl.js'
import {editionCitation, interventionText, pandocLabel, sourceStatement, statusSentence} from '../model/words.js'
import {safeUrl} from '../model/urls.js'

// ---------------------------------------------------------------- escaping

/** Characters that mean something to Pandoc Markdown anywhere in a line. */
const SPECIAL = /[\\`*_{}[\]<>#|~^$@&]|-(?=-)/g

/** Text as Pandoc Markdown that reads back as the same characters. */
export function escapeMarkdown(s: string): string {
  return stripInvalid(s)
    .replace(SPECIAL, '\\$&')
    .replace(/(^|\n)([ \t]*)([-+:](?=[ \t]|$)|[=%]|\d+(?=[.)](?:[ \t]|$)))/g, (_, nl: string, ws: string, c: string) => `${nl}${ws}${/\d/.test(c) ? `${c}\\` : `\\${c}`}`)
}

function stripInvalid(s: string): string {
  // Lone surrogates and C0 controls other than tab and newline cannot be written to YAML or read back.
  return s.replace(/[\u0000-\u0008\u000B-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
}

/** A key as Pandoc reads it: bare when it can be, else `@{…}`. */
function citeKey(key: string): string {
  return /^[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&+?<>~/-](?=[\p{L}\p{N}_]))*$/u.test(key) ? `@${key}` : `@{${key.replace(/[{}]/g, '')}}`
}

function citeItem(c: Citation): string {
  const label = c.locator ? pandocLabel(c.label) : ''
  return [
    c.prefix ? `${escapeMarkdown(c.prefix)} ` : '',
    c.suppressAuthor ? '-' : '',
    citeKey(c.key),
    c.locator ? `, ${label}${escapeMarkdown(c.locator)}` : '',
    c.suffix ? `, ${escapeMarkdown(c.suffix)}` : ''
  ].join('')
}

/** A citation in Pandoc's syntax, from its items (so `--citeproc` formats it in any style). */
function citation(node: CiteNode): string {
  if (node.inText) {
    const c = node.items[0]!
    const locator = c.locator ? `${pandocLabel(c.label)}${escapeMarkdown(c.locator)}` : ''
    const within = [locator, c.suffix ? escapeMarkdown(c.suffix) : ''].filter(Boolean).join(', ')
    const rest = node.items.slice(1).map(citeItem)
    return citeKey(c.key) + (within || rest.length ? ` [${[within, ...rest].filter(Boolean).join('; ')}]` : '')
  }
  return `[${node.items.map(citeItem).join('; ')}]`
}

// ---------------------------------------------------------------- mdast → Markdown

type Node = RootContent

interface Context {
  /** Heading levels added (the text's headings sit under the export's own). */
  shift: number
}

function inline(nodes: Node[], ctx: Context): string {
  return nodes
    .map((node): string => {
      switch (node.type) {
        case 'text':
          return escapeMarkdown(node.value)
        case 'cite':
          return citation(node)
        case 'sentence':
          return `[${inline(node.children, ctx)}]{#${node.data.id} .s n="${node.data.n}"}`
        case 'term': {
          // A glossary entry's footnote is called at the term's first occurrence in the text.
          const call = node.data.occurrence === 1 ? `[^${node.data.gloss}]` : ''
          return `[${inline(node.children, ctx)}]{.term gloss="${node.data.gloss}"}${call}`
        }
        case 'reading':
          return inline(node.children, ctx)
        case 'noteAnchor':
          // A note's footnote is called where its (first) passage ends.
          return node.data.side === 'end' && node.data.k === 1 ? `[^${node.data.note}]` : ''
        case 'emphasis':
          return `*${inline(node.children, ctx)}*`
        case 'strong':
          return `**${inline(node.children, ctx)}**`
        case 'delete':
          return `~~${inline(node.children, ctx)}~~`
        case 'inlineCode':
          return code(node.value)
        case 'break':
          return '\\\n'
        case 'link': {
          const url = safeUrl(node.url)
          const text = inline(node.children, ctx)
          return url ? `[${text}](${encodeURI(decodeSafe(url)).replace(/[()]/g, (c) => encodeURIComponent(c))})` : text
        }
        case 'linkReference':
          return inline(node.children, ctx)
        case 'image':
        case 'imageReference':
          return escapeMarkdown(node.alt ?? '')
        default:
          // Raw HTML and anything unknown: dropped.
          return ''
      }
    })
    .join('')
}

function decodeSafe(url: string): string {
  try {
    return decodeURI(url)
  } catch {
    return url
  }
}

function code(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((r) => r.length))
  const fence = '`'.repeat(longest + 1)
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${value.replace(/\n/g, ' ')}${pad}${fence}`
}

const indent = (s: string, by: string) => s.replace(/\n(?!\n)/g, `\n${by}`)

function blocks(nodes: Node[], ctx: Context): string[] {
  return nodes.flatMap((node): string[] => {
    switch (node.type) {
      case 'paragraph':
        return [inline(node.children, ctx)]
      case 'heading':
        return ctx.shift < 0 ? [`**${inline(node.children, ctx)}**`] : [`${'#'.repeat(Math.min(6, node.depth + ctx.shift))} ${inline(node.children, ctx)}`]
      case 'list':
        return [
          node.children
            .map((item, i) => {
              const marker = node.ordered ? `${(node.start ?? 1) + i}.`.padEnd(4) : '-   '
              return marker + indent(blocks(item.children, ctx).join('\n\n'), '    ')
            })
            .join(node.spread ? '\n\n' : '\n')
        ]
      case 'blockquote':
        return [
          blocks(node.children, ctx)
            .join('\n\n')
            .split('\n')
            .map((l) => (l ? `> ${l}` : '>'))
            .join('\n')
        ]
      case 'code': {
        const longest = Math.max(2, ...(node.value.match(/`{3,}/g) ?? []).map((r) => r.length))
        const fence = '`'.repeat(longest + 1)
        return [`${fence}\n${node.value}\n${fence}`]
      }
      case 'thematicBreak':
        return ['* * *']
      default:
        return []
    }
  })
}

/** A note or glossary body (its headings as bold lines: a footnote has no headings). */
function body(a: Annotation, ctx: Context): string[] {
  return blocks(a.body.children, {...ctx, shift: -1})
}

// ---------------------------------------------------------------- YAML

function yaml(value: unknown, level = 0): string {
  const pad = '  '.repeat(level)
  if (Array.isArray(value)) {
    if (!value.length) return '[]'
    return value.map((v) => `\n${pad}- ${yaml(v, level + 1).replace(/^\n\s*/, '')}`).join('')
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined)
    if (!entries.length) return '{}'
    return entries.map(([k, v]) => `\n${pad}${JSON.stringify(k)}: ${yaml(v, level + 1)}`).join('')
  }
  return typeof value === 'string' ? JSON.stringify(stripInvalid(value)) : JSON.stringify(value ?? null)
}

/** Strings as Markdown (Pandoc reads metadata strings as Markdown), other values as they are. */
function escapeValues(value: unknown): unknown {
  if (typeof value === 'string') return escapeMarkdown(value)
  if (Array.isArray(value)) return value.map(escapeValues)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeValues(v)]))
  return value
}

// ---------------------------------------------------------------- the document

function footnote(a: Annotation, ctx: Context): string {
  const head: string[] = []
  if (a.type === 'gloss') {
    let line = `**${escapeMarkdown(a.term ?? a.id)}**`
    if (a.label) line += `: ${escapeMarkdown(a.label)}.`
    if (a.original) line += ` ${escapeMarkdown(a.original.text)}${a.original.transliteration ? ` (*${escapeMarkdown(a.original.transliteration)}*)` : ''}.`
    const links = (a.sameAs ?? []).map(safeUrl).filter((u): u is string => !!u && !/[\s<>]/.test(u))
    if (links.length) line += ` See ${links.map((u) => `<${u}>`).join(', ')}.`
    head.push(line)
  } else {
    head.push(`On “${escapeMarkdown(a.targets[0]?.selector.exact ?? '')}”:`)
  }
  const further = a.further.map((f) => citation(f).replace(/^\[|\]$/g, ''))
  const parts = [
    ...head,
    ...body(a, ctx),
    ...(further.length ? [`Further reading: [${further.join('; ')}].`] : []),
    ...(a.status !== 'verified' ? [`*${escapeMarkdown(statusSentence(a.status))}*`] : [])
  ]
  return `[^${a.id}]: ${indent(parts.join('\n\n'), '    ')}`
}

export function toMarkdown(edition: Edition): string {
  const meta = edition.meta
  const ctx: Context = {shift: 1}
  const cite = editionCitation(edition)
  const text = blocks(edition.tree.children, ctx)

  const metadata = {
    title: meta.title,
    subtitle: meta.subtitle,
    author: meta.editors.map((e) => e.name),
    date: meta.date,
    version: meta.version,
    lang: meta.language,
    rights: `${meta.licence.text} Notes, glossary and apparatus: ${meta.licence.notes}.`,
    'citation-text': cite.text,
    source: sourceStatement(meta),
    'link-citations': true
  }
  const front = `---${yaml(escapeValues({...metadata, references: edition.references.map(cleanItem)}))}\n---`

  const sections = [
    front,
    `**How to cite this edition:** ${escapeMarkdown(cite.text)}`,
    `**Source:** ${escapeMarkdown(sourceStatement(meta))}`,
    ...(edition.introduction ? ['# Introduction {#introduction}', ...blocks(edition.introduction.children, {shift: 1})] : []),
    '# Text {#text}',
    ...text,
    ...(meta.interventions.length
      ? ['# Editorial interventions {#interventions}', meta.interventions.map((i, n) => `${`${n + 1}.`.padEnd(4)}${escapeMarkdown(interventionText(i))}`).join('\n')]
      : []),
    '# Bibliography {#bibliography}',
    '::: {#refs}\n:::',
    ...edition.annotations.map((a) => footnote(a, ctx))
  ]
  return sections.join('\n\n') + '\n'
}
