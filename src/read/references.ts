/**
 * Reading the bibliography: `annotations/references.json` (CSL-JSON, as Zotero exports it)
 * and/or `annotations/references.bib` (BibTeX, read by citation-js). Both get the same checks,
 * each a located error: syntax (at its real place), each item against the CSL-JSON schema,
 * duplicate keys (within a file and across the two), and, for BibTeX, unknown entry types.
 *
 * One broken item does not hide the others: every readable item is kept, and the keys of the
 * broken ones are returned as `broken`, so that citing them does not cascade into "unknown
 * citation key" errors: the one error is where the item is.
 */
import {join} from 'node:path'
import type {VFile} from 'vfile'
import type {ErrorObject} from 'ajv'
import type {CslItem} from '../model/edition.js'
import {error, lineIndex, type Place} from '../model/messages.js'
import {MAX_MARKDOWN_DEPTH, MAX_MESSAGES_PER_FILE, MAX_REFERENCES_BYTES, MAX_YAML_DEPTH} from '../model/limits.js'
import {readText} from './files.js'
import {yamlLocator} from './yaml.js'
import {validator} from './schemas.js'
import {scanBibtex, type BibEntry, type BibScan} from './bibtex.js'
import {nearest} from './nearest.js'
import {deepOffset} from './depth.js'
import {htmlTooDeep} from '../pipeline/markdown-bounds.js'

export interface References {
  items: CslItem[]
  /** The file each item came from, and where it is written there. */
  where(id: string): {file: VFile; place: Place} | undefined
  /** Keys of items that are written but cannot be used (each has its own error). */
  broken: Set<string>
}

interface Collected {
  items: CslItem[]
  places: Map<string, {file: VFile; place: Place}>
  broken: Set<string>
}

export async function readReferences(root: string, display: (p: string) => string, files: VFile[], confine: readonly string[] = [root]): Promise<References> {
  const got: Collected = {items: [], places: new Map(), broken: new Set()}
  const read = async (p: string) => {
    const file = await readText(join(root, p), display(p), {root: confine, maxBytes: MAX_REFERENCES_BYTES})
    if (file.messages.some((m) => m.ruleId === 'missing-file')) return undefined
    files.push(file)
    return file.messages.some((m) => m.fatal) ? undefined : file
  }
  const json = await read('annotations/references.json')
  if (json) readJson(json, got)
  const bib = await read('annotations/references.bib')
  if (bib) await readBibtex(bib, got)
  return {items: got.items, where: (id) => got.places.get(id), broken: got.broken}
}

/** Keep `item`, or report it as a duplicate of one already kept. */
function keep(item: CslItem, file: VFile, place: Place, got: Collected): void {
  // citeproc reads a field's rich text (`<i>`, `<b>`) recursively: 20,000 nested tags overflowed its stack.
  const deep = Object.entries(item).find(([, v]) => typeof v === 'string' && htmlTooDeep(v))
  if (deep) {
    error(file, `Reference \`${item.id}\`: \`${deep[0]}\` nests more than ${MAX_MARKDOWN_DEPTH} tags (\`<i>\`, \`<b>\`, …) within one another`, place, 'reference-markup')
    got.broken.add(item.id)
    return
  }
  const first = got.places.get(item.id)
  if (first) {
    const there = first.file === file ? `line ${first.place.line}` : `${first.file.path}:${first.place.line}`
    error(file, `Duplicate reference key \`${item.id}\`: also at ${there}; every citation of it would take one of the two silently: rename one`, place, 'duplicate-id')
    return
  }
  got.places.set(item.id, {file, place})
  got.items.push(item)
}

function readJson(file: VFile, got: Collected): void {
  const text = String(file.value)
  // Measured on the text first: the parser that locates messages recurses per level.
  const deep = deepOffset(text)
  if (deep !== undefined) {
    error(file, `references.json nests more than ${MAX_YAML_DEPTH} levels deep here (a CSL-JSON item needs 4)`, lineIndex(file).place(deep), 'json-depth')
    return
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (cause) {
    const msg = (cause as Error).message
    const pos = /position (\d+)/.exec(msg)
    error(file, `Invalid JSON: ${msg}`, pos ? lineIndex(file).place(Number(pos[1])) : {line: 1, column: 1}, 'json-syntax')
    // The ids still written in the file are known: citing them is not a second error.
    for (const m of text.matchAll(/"id"\s*:\s*("(?:[^"\\\n]|\\.)*")/g)) got.broken.add(String(JSON.parse(m[1]!)))
    return
  }
  const at = yamlLocator(file, text, 0)
  if (!Array.isArray(data)) {
    error(file, 'references.json must be a list of CSL-JSON items: `[{"id": "smith1990", "type": "book", …}]`', at([]), 'schema-type')
    return
  }
  const check = validator<CslItem[]>('references.schema.json')
  const errors = new Map<number, ErrorObject[]>()
  if (!check(data)) {
    for (const e of check.errors ?? []) {
      const index = Number(e.instancePath.split('/')[1] ?? -1)
      const list = errors.get(index)
      if (list) list.push(e)
      else errors.set(index, [e])
    }
  }
  // Where each id is written, found in one pass (the YAML locator is for the rarer errors).
  const idAt = new Map<string, number>()
  for (const m of text.matchAll(/"id"\s*:\s*("(?:[^"\\\n]|\\.)*")/g)) {
    const id = String(JSON.parse(m[1]!))
    if (!idAt.has(id)) idAt.set(id, m.index + m[0].length - m[1]!.length)
  }
  const lines = lineIndex(file)
  let shown = 0
  data.forEach((item: unknown, i) => {
    const id = typeof (item as CslItem | null)?.id === 'string' ? (item as CslItem).id : undefined
    const problems = errors.get(i)
    if (problems) {
      if (id !== undefined) got.broken.add(id)
      for (const e of problems) {
        if (shown++ >= MAX_MESSAGES_PER_FILE) continue
        const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')))
        const extra = (e.params as {missingProperty?: string}).missingProperty
        const what = e.keyword === 'required' ? `missing key \`${extra}\`` : e.keyword === 'enum' ? enumWords(e, item) : (e.message ?? 'is invalid')
        const field = path.length > 1 ? `\`${path.slice(1).join('.')}\` ` : ''
        error(file, `references.json: item ${i + 1}${id !== undefined ? ` (\`${id}\`)` : ''}: ${field}${what}`, at(path), `schema-${e.keyword}`)
      }
      return
    }
    const id0 = (item as CslItem).id
    const first = idAt.get(id0)
    // A duplicate is placed by the locator: the quick map knows only the first of two equal ids.
    keep(item as CslItem, file, first !== undefined && !got.places.has(id0) ? lines.place(first) : at([i, 'id']), got)
  })
  if (shown > MAX_MESSAGES_PER_FILE) error(file, `references.json: ${shown - MAX_MESSAGES_PER_FILE} more problems are not listed`, {line: 1, column: 1}, 'too-many')
}

/** "must be a CSL type: did you mean `book`?", or the values allowed when nothing is close. */
function enumWords(e: ErrorObject, item: unknown): string {
  const allowed = (e.params as {allowedValues: string[]}).allowedValues
  const value = e.instancePath.split('/').slice(2).reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], item)
  const guess = typeof value === 'string' ? nearest(value, allowed) : undefined
  return guess ? `\`${String(value)}\` is not a CSL type: did you mean \`${guess}\`?` : `must be one of ${allowed.map((a) => `\`${a}\``).join(', ')}`
}

async function readBibtex(file: VFile, got: Collected): Promise<void> {
  const text = String(file.value)
  const lines = lineIndex(file)
  const scan = scanBibtex(text)
  for (const p of scan.problems) error(file, p.message, lines.place(p.offset), p.rule)
  const usable = scan.entries.filter((e) => e.ok)
  for (const e of scan.entries) if (!e.ok && e.key) got.broken.add(e.key)
  if (!usable.length) return
  // Loaded only for an edition that has a BibTeX file.
  const {Cite} = await import('../cite/citation-js.js')
  const read = await readEntries(text, scan, usable, async (source) => (await Cite.async(source, {forceType: '@biblatex/text'})).data as CslItem[])
  for (const f of read.failed) {
    // An entry the scanner already faulted (a `}` too many just after it, say) is not faulted twice.
    if (f.entry && scan.problems.some((p) => p.offset >= f.entry!.start && p.offset < nextStart(scan, f.entry!, text))) continue
    error(file, f.message, lines.place(f.offset), 'bibtex-syntax')
  }
  for (const e of read.unread) got.broken.add(e.key)
  const parsed = read.items
  // Where each key is written; a key written twice has two places, used in order.
  const byKey = new Map<string, number[]>()
  const unread = new Set(read.unread)
  for (const e of usable) {
    if (unread.has(e)) continue
    const list = byKey.get(e.key)
    if (list) list.push(e.keyStart)
    else byKey.set(e.key, [e.keyStart])
  }
  const check = validator<CslItem[]>('references.schema.json')
  const seen = new Map<string, number>()
  let shown = 0
  for (const raw of parsed) {
    // citation-js keeps the BibTeX key as `citation-key`; it is the id authors cite.
    const item = {...raw, id: String(raw['citation-key'] ?? raw.id)}
    const n = seen.get(item.id) ?? 0
    seen.set(item.id, n + 1)
    const offsets = byKey.get(item.id) ?? [0]
    const place = lines.place(offsets[Math.min(n, offsets.length - 1)]!)
    if (check([item])) {
      keep(item, file, place, got)
    } else {
      got.broken.add(item.id)
      for (const e of check.errors ?? []) {
        if (shown++ < MAX_MESSAGES_PER_FILE) error(file, `Entry \`${item.id}\`: ${e.instancePath.replace(/^\/0\/?/, '') || 'entry'} ${e.message}`, place, 'bibtex-entry')
      }
    }
  }
}

/** Where the entry after `entry` starts (or the end of the text): the stretch that is `entry`'s. */
function nextStart(scan: BibScan, entry: BibEntry, text: string): number {
  const next = scan.entries.find((e) => e.start > entry.start)
  return next ? next.start : text.length
}

interface Unreadable {
  /** The entry citation-js could not read (none: the `@string` macros). */
  entry?: BibEntry
  offset: number
  message: string
}

/**
 * The entries citation-js reads, and each it cannot, at its place. All are read in one pass; when
 * that fails, the entries are split in halves until each failure is one entry (a few extra passes
 * for one bad entry among thousands), so one bad entry neither hides the others nor is reported
 * where the next entry starts. The `@string` macros go before every part.
 */
async function readEntries(text: string, scan: BibScan, usable: BibEntry[], parse: (source: string) => Promise<CslItem[]>): Promise<{items: CslItem[]; failed: Unreadable[]; unread: BibEntry[]}> {
  const items: CslItem[] = []
  const failed: Unreadable[] = []
  const unread: BibEntry[] = []
  let macros = scan.macros.map((b) => text.slice(b.start, b.end)).join('\n')
  if (macros) {
    try {
      await parse(macros)
    } catch (cause) {
      const first = scan.macros[0]!
      failed.push({offset: placeOf(cause, macros, first.start, 0), message: bibtexWords(cause)})
      macros = ''
    }
  }
  const prefix = macros ? `${macros}\n` : ''
  const go = async (list: BibEntry[]): Promise<void> => {
    const source = prefix + list.map((e) => text.slice(e.start, e.end)).join('\n')
    try {
      items.push(...(await parse(source)))
    } catch (cause) {
      if (list.length > 1) {
        const half = list.length >> 1
        await go(list.slice(0, half))
        await go(list.slice(half))
        return
      }
      const entry = list[0]!
      unread.push(entry)
      failed.push({entry, offset: placeOf(cause, source, entry.start, prefix.length), message: bibtexWords(cause)})
    }
  }
  await go(usable)
  return {items, failed, unread}
}

/** The offset in the file that citation-js's `at line L col C` names in `source` (the file's text from `start`, after `skip` characters of macros). */
function placeOf(cause: unknown, source: string, start: number, skip: number): number {
  const m = /at line (\d+) col (\d+)/.exec(String((cause as Error)?.message ?? cause))
  if (!m) return start
  let offset = 0
  for (let l = 1; l < Number(m[1]) && offset !== -1; l++) offset = source.indexOf('\n', offset) + 1
  const at = offset + Number(m[2]) - 1
  return at >= skip ? start + Math.min(at - skip, source.length - skip) : start
}

/** Tokens of citation-js's BibTeX grammar, in words. */
const TOKENS: Record<string, string> = {rbrace: '`}`', lbrace: '`{`', comma: '`,`', equals: '`=`', quote: '`"`', hash: '`#`', at: '`@`', identifier: 'a word', number: 'a number', label: 'a key', text: 'text', whitespace: 'a space', EOF: 'the end of the entry', junk: 'text outside an entry'}

/** citation-js's complaint, in the words of the other BibTeX messages. */
function bibtexWords(cause: unknown): string {
  const msg = String((cause as Error)?.message ?? cause).split('\n')[0]!
  const m = /expected "(\w+)", got (?:"(\w+)"|(EOF))/.exec(msg)
  if (m) {
    const want = TOKENS[m[1]!] ?? m[1]
    const got = TOKENS[m[2] ?? m[3]!] ?? m[2]
    return `BibTeX cannot read this: ${want} was expected here, not ${got}${m[1] === 'rbrace' || m[1] === 'comma' ? ' (a brace that closes a value too early, or a comma missing?)' : ''}`
  }
  if (/invalid syntax/.test(msg)) return 'BibTeX cannot read this: a character it does not allow here'
  return `BibTeX cannot read this entry: ${msg.replace(/ at line \d+ col \d+:?$/, '')}`
}
