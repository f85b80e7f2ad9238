/**
 * Reading `annotations/`: glossary entries, notes on passages, and the bibliography, with
 * every check `edition check` promises. Returns the glossary forms for the text pipeline and
 * an `attach` step that anchors everything once the text's sentences exist.
 */
import {readdir} from 'node:fs/promises'
import {join} from 'node:path'
import type {VFile} from 'vfile'
import type {Annotation, CslItem, Edition, Metadata, Status, Target} from '../model/edition.js'
import type {GlossaryForm, CaseRule} from '../anchor/terms.js'
import {disambiguate, escapeRegExp, fromRange, toRanges} from '../anchor/quote.js'
import {Citer, resolveStyle, Cite} from '../cite/citeproc.js'
import {renderBody} from '../pipeline/note-body.js'
import {occurrenceClash, reservedId} from '../model/ids.js'
import {sanitizeHtml} from '../pipeline/sanitize.js'
import type {TermOccurrence} from '../pipeline/remark-terms.js'
import {error, info, readText, toPlace, warn, type Place} from './source.js'
import {validator} from './schemas.js'
import {readYaml, type YamlResult} from './yaml.js'

interface Common {
  id?: string
  status: Status
  author: string
  created: string
  modified: string
}
interface GlossaryMatter extends Common {
  term: string
  forms: string[]
  case?: CaseRule
  label: string
  original?: {text: string; transliteration?: string; language: string}
  sameAs?: string[]
}
interface NoteMatter extends Common {
  target: {exact: string; prefix?: string; suffix?: string}
}

interface Entry<T> {
  kind: 'gloss' | 'note'
  id: string
  file: VFile
  yaml: YamlResult<T>
  body: string
  bodyOffset: number
}

export interface AnnotationOptions {
  /** A CSL style to use instead of the one in edition.yaml. */
  style?: string
}

export interface ReadAnnotations {
  files: VFile[]
  forms: GlossaryForm[]
  /** Anchor the annotations in the text and render their bodies; errors go on their files. */
  attach(edition: Edition, terms: TermOccurrence[]): Promise<void>
}

const FRONT = /^---[ \t]*\n([\s\S]*?\n)?---[ \t]*(?:\n|$)/

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.md')).sort()
  } catch {
    return []
  }
}

async function readEntries<T extends Common>(root: string, display: (p: string) => string, folder: string, kind: 'gloss' | 'note', schema: string, files: VFile[]): Promise<Entry<T>[]> {
  const entries: Entry<T>[] = []
  for (const name of await list(join(root, folder))) {
    const path = join(folder, name)
    const file = await readText(join(root, path), display(path))
    files.push(file)
    if (file.messages.some((m) => m.fatal)) continue
    const value = String(file.value)
    const m = FRONT.exec(value)
    if (!m) {
      error(file, 'Missing front matter: the file must start with a `---` line, YAML, and a closing `---` line', {line: 1, column: 1}, 'front-matter')
      continue
    }
    const yaml = readYaml<T>(file, m[1] ?? '', value.indexOf('\n') + 1, validator<T>(schema), 'front matter')
    if (!yaml) continue
    const id = name.slice(0, -3)
    if (yaml.data.id !== undefined && yaml.data.id !== id) {
      error(file, `The id \`${yaml.data.id}\` differs from the file name \`${name}\`: rename one of them`, yaml.at(['id']), 'id-file-name')
      continue
    }
    if (!/^[a-z][a-z0-9-]*$/.test(id)) {
      error(file, `The file name \`${name}\` is not a valid id (lowercase letters, digits and hyphens, starting with a letter)`, {line: 1, column: 1}, 'id-file-name')
      continue
    }
    const reserved = reservedId(id)
    if (reserved) {
      error(file, `The id \`${id}\` (from the file name) is reserved: ${reserved}; rename the file`, {line: 1, column: 1}, 'id-reserved')
      continue
    }
    entries.push({kind, id, file, yaml, body: value.slice(m[0].length), bodyOffset: m[0].length})
  }
  return entries
}

/** Read `annotations/references.json` (CSL-JSON) and/or `annotations/references.bib`. */
async function readReferences(root: string, display: (p: string) => string, files: VFile[]): Promise<{items: CslItem[]; file?: VFile}> {
  const items: CslItem[] = []
  let jsonFile: VFile | undefined
  const json = await readText(join(root, 'annotations/references.json'), display('annotations/references.json'))
  if (!json.messages.some((m) => m.ruleId === 'missing-file')) {
    files.push(json)
    jsonFile = json
    const text = String(json.value)
    let ok = !json.messages.some((m) => m.fatal)
    try {
      if (ok) JSON.parse(text)
    } catch (cause) {
      const msg = (cause as Error).message
      const pos = /position (\d+)/.exec(msg)
      error(json, `Invalid JSON: ${msg}`, pos ? toPlace(text, Number(pos[1])) : {line: 1, column: 1}, 'json-syntax')
      ok = false
    }
    // JSON is YAML: the YAML reader gives every schema error its line and column.
    const read = ok ? readYaml<CslItem[]>(json, text, 0, validator<CslItem[]>('references.schema.json'), 'references.json') : undefined
    if (read) items.push(...read.data)
  }
  const bib = await readText(join(root, 'annotations/references.bib'), display('annotations/references.bib'))
  if (!bib.messages.some((m) => m.ruleId === 'missing-file')) {
    files.push(bib)
    const text = String(bib.value)
    try {
      const parsed = (await Cite.async(text, {forceType: '@biblatex/text'})).data as CslItem[]
      const check = validator<CslItem[]>('references.schema.json')
      for (const raw of parsed) {
        // citation-js keeps the BibTeX key as `citation-key`; it is the id authors cite.
        const item = {...raw, id: String(raw['citation-key'] ?? raw.id)}
        if (check([item])) items.push(item)
        else {
          const at = text.search(new RegExp(`\\{\\s*${escapeRegExp(item.id)}\\s*,`))
          for (const e of check.errors ?? []) error(bib, `Entry \`${item.id}\`: ${e.instancePath.replace(/^\/0\/?/, '') || 'entry'} ${e.message}`, toPlace(text, Math.max(at, 0)), 'bibtex-entry')
        }
      }
    } catch (cause) {
      const msg = (cause as Error).message
      const line = /line (\d+)/i.exec(msg)
      error(bib, `Cannot read BibTeX: ${msg.split('\n')[0]}`, {line: line ? Number(line[1]) : 1, column: 1}, 'bibtex-syntax')
    }
  }
  return {items, file: jsonFile}
}

/** Place of the `n`-th occurrence of `needle` in a file (a rough pointer into JSON). */
function at(file: VFile, needle: string, n = 0): Place {
  const text = String(file.value)
  let i = -1
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1)
  return toPlace(text, Math.max(i, 0))
}

/** `meta` (edition.yaml, with a way to locate its keys) receives the messages about the CSL style. */
export async function readAnnotations(
  root: string,
  display: (p: string) => string,
  metadata: Metadata,
  meta: {file: VFile; at: YamlResult<Metadata>['at']},
  options: AnnotationOptions = {}
): Promise<ReadAnnotations> {
  const metaFile = meta.file
  const files: VFile[] = []
  const glossary = await readEntries<GlossaryMatter>(root, display, 'annotations/glossary', 'gloss', 'glossary.schema.json', files)
  const notes = await readEntries<NoteMatter>(root, display, 'annotations/notes', 'note', 'note.schema.json', files)
  const references = await readReferences(root, display, files)

  const seen = new Map<string, VFile>()
  for (const e of [...glossary, ...notes]) {
    const first = seen.get(e.id)
    if (first) error(e.file, `Duplicate id \`${e.id}\`: also used by ${first.path}`, {line: 1, column: 1}, 'duplicate-id')
    else seen.set(e.id, e.file)
  }
  const ids = new Set(seen.keys())
  for (const e of [...glossary, ...notes]) {
    const base = occurrenceClash(e.id, ids)
    if (base) error(e.file, `The id \`${e.id}\` is taken by the places \`${base}\` occurs (\`${base}-1\`, \`${base}-2\`, …): rename the file`, {line: 1, column: 1}, 'id-reserved')
  }
  const refIds = new Map<string, number>()
  references.items.forEach((item, i) => {
    if (refIds.has(item.id)) {
      if (references.file) error(references.file, `Duplicate reference id \`${item.id}\``, at(references.file, `"${item.id}"`, 1), 'duplicate-id')
      return
    }
    refIds.set(item.id, i)
  })

  const forms: GlossaryForm[] = glossary.flatMap((g) => g.yaml.data.forms.map((form) => ({gloss: g.id, form, case: g.yaml.data.case ?? 'exact'})))

  return {
    files,
    forms,
    async attach(edition, terms) {
      const style = resolveStyle(options.style ?? metadata.style ?? 'chicago-author-date', join(root, 'edition'))
      const stylePlace = options.style ? undefined : meta.at(['style'])
      if (style.fallback) warn(metaFile, style.fallback, stylePlace, 'csl-style')
      let citer: Citer
      try {
        // Try the style once, citation and bibliography, before any note depends on it.
        citer = new Citer(references.items, style)
        citer.citation([])
        citer.bibliography([])
      } catch (cause) {
        const reason = /not iterable/.test((cause as Error).message) ? 'it has no <bibliography> (the edition needs one)' : (cause as Error).message
        error(metaFile, `The CSL style ${style.from} cannot be used: ${reason}`, stylePlace, 'csl-style')
        return
      }
      const keys = new Set(refIds.keys())
      const cited = new Set<string>()
      const annotations: Annotation[] = []

      for (const g of glossary) {
        const d = g.yaml.data
        const occurrences = terms.filter((t) => t.gloss === g.id)
        d.forms.forEach((form, i) => {
          if (!occurrences.some((t) => t.form === form)) {
            error(g.file, `The form \`${form}\` matches nothing in the text (whole words, case \`${d.case ?? 'exact'}\`, and not inside a longer term)`, g.yaml.at(['forms', i]), 'form-unmatched')
          }
        })
        const targets: Target[] = occurrences.map((t) => ({selector: fromRange(edition.text, t), start: t.start, end: t.end, sentences: [t.sentence]}))
        annotations.push(build(g, targets, {term: d.term, label: d.label, ...(d.original ? {original: d.original} : {}), ...(d.sameAs ? {sameAs: d.sameAs} : {})}))
      }
      for (const n of notes) {
        const sel = n.yaml.data.target
        const ranges = toRanges(edition.text, {type: 'TextQuoteSelector', ...sel})
        const place = n.yaml.at(['target', 'exact'])
        if (ranges.length === 0) {
          const bare = sel.prefix || sel.suffix ? toRanges(edition.text, {type: 'TextQuoteSelector', exact: sel.exact}).length : 0
          error(n.file, bare ? `The quote is in the text, but not with this prefix/suffix` : `The quote \`${sel.exact}\` is not in the text`, place, 'quote-not-found')
          continue
        }
        if (ranges.length > 1) {
          const where = ranges.map((r) => `sentence ${sentenceAt(edition, r.start)?.n ?? '?'}`).join(', ')
          const hint = disambiguate(edition.text, ranges, 0)
          const settle = hint.prefix !== undefined ? `prefix: "${hint.prefix}"` : hint.suffix !== undefined ? `suffix: "${hint.suffix}"` : 'a longer quote'
          error(n.file, `The quote \`${sel.exact}\` is found ${ranges.length} times (${where}); add ${settle} to target the first, or the like for another`, place, 'quote-ambiguous')
          continue
        }
        const r = ranges[0]!
        const sentences = edition.sentences.filter((s) => s.start < r.end && r.start < s.end).map((s) => s.id)
        annotations.push(build(n, [{selector: {type: 'TextQuoteSelector', ...sel}, start: r.start, end: r.end, sentences}], {}))
      }

      function build(e: Entry<GlossaryMatter> | Entry<NoteMatter>, targets: Target[], extra: Partial<Annotation>): Annotation {
        const d = e.yaml.data
        const body = renderBody(e.body, e.file, e.bodyOffset, citer, keys)
        for (const c of body.citations) cited.add(c.key)
        if (d.status !== 'verified') {
          warn(e.file, `The ${e.kind === 'gloss' ? 'glossary entry' : 'note'} is marked \`${d.status}\`: readers are told so`, e.yaml.at(['status']), 'status-unverified')
        }
        return {
          id: e.id,
          type: e.kind,
          ...extra,
          targets,
          body: {markdown: body.markdown, html: body.html, text: body.text},
          citations: body.citations,
          status: d.status,
          author: d.author,
          created: d.created,
          modified: d.modified,
          file: e.file.path
        }
      }

      for (const id of refIds.keys()) {
        if (!cited.has(id) && references.file) warn(references.file, `Reference \`${id}\` is never cited`, at(references.file, `"${id}"`), 'reference-uncited')
      }
      annotations.sort((a, b) => (a.targets[0]?.start ?? 0) - (b.targets[0]?.start ?? 0) || a.id.localeCompare(b.id))
      const bySentence = new Map(edition.sentences.map((s) => [s.id, s]))
      for (const a of annotations) {
        for (const sid of new Set(a.targets.flatMap((t) => t.sentences))) bySentence.get(sid)?.annotations.push(a.id)
      }
      edition.annotations = annotations
      edition.references = references.items
      // citeproc's HTML is escaped by citeproc; sanitising it as well costs little and trusts nothing.
      edition.bibliography = citer.bibliography([...cited]).map((b) => ({...b, html: sanitizeHtml(b.html)}))
      edition.style = {name: style.from === 'built-in' ? style.name : style.from, ...(style.fallback ? {fallback: true} : {})}
      info(metaFile, `Citations formatted with ${style.from === 'built-in' ? style.name : style.from}`, undefined, 'csl-style')
    }
  }
}

function sentenceAt(edition: Edition, offset: number) {
  return edition.sentences.find((s) => offset >= s.start && offset < s.end)
}
