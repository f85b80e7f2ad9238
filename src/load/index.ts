/**
 * Loading an edition, in explicit stages, each a function of what the stages before it made:
 *
 *   read (files and schemas) → text (witness, sentences, terms) → bodies → anchor → cite → assemble
 *
 * Every problem is a located message on its file; stages that can still run after an error do
 * (a text that differs from its witness does not stop the annotations being checked), and the
 * `Edition` is built once, at the end, only when there is no error.
 */
import type {Root} from 'mdast'
import type {VFile} from 'vfile'
import type {Annotation, Edition} from '../model/edition.js'
import type {CiteNode, TermNode} from '../model/nodes.js'
import {visit} from 'unist-util-visit'
import {error, hasErrors, info, warn} from '../model/messages.js'
import {readSources, type Entry, type GlossaryMatter, type NoteMatter, type ReadOptions} from '../read/index.js'
import {establishText} from '../text/index.js'
import {parseBodiesKept} from './cache.js'
import {TermMatcher, type GlossaryForm} from '../anchor/terms.js'
import {anchorAll} from '../anchor/index.js'
import {parseCitationItem} from '../cite/pandoc.js'
import {resolveStyle, StyleError, unusable} from '../cite/citeproc.js'
import {citeAll} from '../cite/index.js'
import {assemble, readingOrder} from './assemble.js'

export interface Loaded {
  /** The model, when there was no error. */
  edition?: Edition
  /** Every file read, with its messages (errors, warnings, notes). */
  files: VFile[]
  /** Real paths of every file read, the style included: what no output may replace. */
  inputs?: string[]
}

export interface LoadOptions extends ReadOptions {
  /** Called after each stage with its name and its duration in ms (for `npm run bench`). */
  timing?: (stage: string, ms: number) => void
}

export async function loadEdition(root: string, options: LoadOptions = {}): Promise<Loaded> {
  let clock = performance.now()
  const lap = (stage: string) => {
    const now = performance.now()
    options.timing?.(stage, now - clock)
    clock = now
  }
  const sources = await readSources(root, options)
  lap('read')
  const {files, meta} = sources
  if (!meta || !sources.text || !sources.witness || sources.witness.file.messages.some((m) => m.fatal)) return {files}

  if (!meta.data.url) {
    warn(meta.file, 'The edition has no `url` (its canonical address): citations of it and of its sentences carry no address, and annotation clients get a `urn:` for it. Add `url: https://…` once it is published', {line: 1, column: 1}, 'edition-url')
  }
  const entries = [...sources.glossary, ...sources.notes]
  const forms: GlossaryForm[] = sources.glossary.flatMap((g) => g.yaml.data.forms.map((form) => ({gloss: g.id, form, case: g.yaml.data.case ?? 'exact'})))
  const text = establishText({
    file: sources.text,
    witness: String(sources.witness.file.value),
    interventions: meta.data.interventions,
    interventionAt: (i) => ({file: meta.file, place: meta.at(['interventions', i])}),
    language: meta.data.language,
    forms
  })
  lap('text')
  if (!text) return {files}

  // Bodies: Markdown to safe trees with their citations and glossary terms.
  // A key whose entry is broken is known: its one error is at the entry, not at every citation.
  const keys = new Set([...sources.references.items.map((r) => r.id), ...sources.references.broken])
  const matcher = new TermMatcher(forms)
  const inBodies = new Set<string>()
  const parsed = parseBodiesKept(
    [
      ...entries.map((e) => ({markdown: e.body, file: e.file, offset: e.bodyOffset, ...(e.kind === 'gloss' ? {self: e.id} : {})})),
      ...(sources.introduction && !sources.introduction.messages.some((m) => m.fatal) ? [{markdown: String(sources.introduction.value), file: sources.introduction, offset: 0}] : [])
    ],
    {keys, terms: {matcher}},
    forms
  )
  for (const b of parsed) for (const f of b.forms) inBodies.add(f)
  const bodies = new Map(entries.map((e, i) => [e.id, parsed[i]!.tree]))
  const introduction = parsed.length > entries.length ? parsed.at(-1)!.tree : undefined
  const further = new Map(entries.map((e) => [e.id, furtherReading(e, keys)]))
  lap('bodies')

  const anchored = anchorAll({text, glossary: sources.glossary, notes: sources.notes, inBodies})
  // Orphans (notes whose passage the revised text lost) are kept apart, after the annotations, in file order.
  const placed = entries.flatMap((e) => (anchored.has(e.id) ? [{id: e.id, e, ...anchored.get(e.id)!}] : []))
  const ordered = [...readingOrder(placed.filter((o) => o.anchor.state !== 'orphaned')), ...placed.filter((o) => o.anchor.state === 'orphaned')]
  const mentions = mentionsOf([...(introduction ? [{id: 'introduction', tree: introduction}] : []), ...ordered.map((o) => ({id: o.id, tree: bodies.get(o.id)!}))])
  const all = ordered.map((o) => annotation(o.e, o.targets, mentions.get(o.id) ?? [], o.anchor, bodies.get(o.id)!, further.get(o.id)!))
  const annotations = all.filter((a) => a.anchor.state !== 'orphaned')
  const orphans = all.filter((a) => a.anchor.state === 'orphaned')

  lap('anchor')
  for (const e of entries) {
    const status = e.yaml.data.status
    if (status !== 'verified') warn(e.file, `The ${e.kind === 'gloss' ? 'glossary entry' : 'note'} is marked \`${status}\`: readers are told so`, e.yaml.at(['status']), `status-${status}`)
  }

  // One citeproc pass over the whole edition, in reading order.
  // A style named in edition.yaml must lie inside the edition; one on the command line is the user's.
  const style = resolveStyle(sources.style.name, sources.style.base, sources.style.file ? (options.confine ?? [root]) : undefined)
  const styleAt = sources.style.file ?? meta.file
  if (style.fallback) warn(styleAt, style.fallback, sources.style.place, 'csl-style')
  const refused = unusable(style)
  if (refused) {
    error(styleAt, `The CSL style ${style.path} cannot be used: ${refused}`, sources.style.place, 'csl-style')
    return {files}
  }
  let cited
  try {
    cited = await citeAll(
      [...(introduction ? [{trees: [introduction], further: []}] : []), ...all.map((a) => ({trees: [a.body], further: a.further}))],
      sources.references.items,
      style,
      meta.data.language
    )
  } catch (cause) {
    if (!(cause instanceof StyleError)) throw cause
    error(styleAt, `The CSL style ${style.path} cannot be used: ${cause.message.split('\n')[0]}`, sources.style.place, 'csl-style')
    return {files}
  }
  lap('cite')
  info(styleAt, `Citations formatted with ${style.path}`, undefined, 'csl-style')
  const listed = new Set(cited.bibliography.map((b) => b.id))
  for (const r of sources.references.items) {
    const where = sources.references.where(r.id)
    if (!listed.has(r.id) && where) warn(where.file, `Reference \`${r.id}\` is never cited`, where.place, 'reference-uncited')
  }

  if (hasErrors(files)) return {files}
  const edition = assemble({
    meta: meta.data,
    witness: {file: sources.witness.path, text: String(sources.witness.file.value), sha256: sources.witness.file.data.sha256!},
    text,
    annotations,
    orphans,
    ...(introduction ? {introduction} : {}),
    references: sources.references.items,
    bibliography: cited.bibliography,
    style: cited.style
  })
  lap('assemble')
  const inputs = [...files.flatMap((f) => (f.data.realpath ? [f.data.realpath] : [])), ...(style.real ? [style.real] : [])]
  return {edition, files, inputs}
}

/** `further-reading:` items as `cite` nodes; a malformed item or an unknown key is an error at its place. */
function furtherReading(e: Entry<GlossaryMatter | NoteMatter>, keys: Set<string>): CiteNode[] {
  const items = e.yaml.data['further-reading'] ?? []
  return items.flatMap((value, i): CiteNode[] => {
    const c = parseCitationItem(value)
    if (!c) {
      error(e.file, `Further reading \`${value}\` is not a citation: write it as Pandoc does, \`@key\` or \`@key, chap. 2\``, e.yaml.at(['further-reading', i]), 'further-reading')
      return []
    }
    if (!keys.has(c.key)) {
      error(e.file, `Unknown citation key \`@${c.key}\`: it is not in the bibliography`, e.yaml.at(['further-reading', i]), 'citation-key')
      return []
    }
    return [{type: 'cite', value, items: [c], inText: false}]
  })
}

/** For each glossary entry, the bodies (in this order) that link it. */
function mentionsOf(bodies: {id: string; tree: Root}[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const {id, tree} of bodies) {
    visit(tree, 'term', (node: TermNode) => {
      const list = out.get(node.data.gloss) ?? []
      if (list.at(-1) !== id) list.push(id)
      out.set(node.data.gloss, list)
    })
  }
  return out
}

function annotation(e: Entry<GlossaryMatter | NoteMatter>, targets: Annotation['targets'], mentionedIn: string[], anchor: Annotation['anchor'], body: Root, further: CiteNode[]): Annotation {
  const d = e.yaml.data
  const gloss = e.kind === 'gloss' ? (d as GlossaryMatter) : undefined
  return {
    id: e.id,
    type: e.kind,
    ...(gloss ? {term: gloss.term, label: gloss.label, forms: gloss.forms, case: gloss.case ?? 'exact', ...(gloss.original ? {original: gloss.original} : {}), ...(gloss.sameAs ? {sameAs: gloss.sameAs} : {})} : {}),
    targets,
    mentionedIn,
    anchor,
    body,
    markdown: e.body.trim(),
    further,
    status: d.status,
    author: d.author,
    created: d.created,
    modified: d.modified,
    file: e.path
  }
}
