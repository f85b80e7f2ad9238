/**
 * Importing Web Annotations (a Hypothesis or Recogito export made while reading the published
 * edition, or the edition's own `annotations.jsonld`) as annotation files.
 *
 * Each annotation is anchored again in the text as it is now, as the loader anchors a note whose
 * text was revised: the quote decides, the position is a hint, a changed passage is found
 * fuzzily. Found: a note file is written as an editor would write it (the passage as it now
 * reads, with only as much context as tells it apart), with the creator and dates kept and the
 * status `unverified` (an edition's own export keeps its status). Not found: the note is still
 * written, as an orphan (its quote as it came, its position, no text hash), never dropped.
 * One that duplicates an existing annotation (same passage, same text) is reported, not written.
 *
 * Every file is checked in one trial load before any is written; then all are written, or none.
 */
import {join} from 'node:path'
import {VFile} from 'vfile'
import type {Annotation, TextQuoteSelector} from '../model/edition.js'
import {error, lineIndex} from '../model/messages.js'
import {parseDocument} from 'yaml'
import {readAnnotations} from '../read/jsonld.js'
import {deepOffset} from '../read/depth.js'
import {MAX_YAML_DEPTH} from '../model/limits.js'
import {safeMarkdown} from '../read/imported-body.js'
import {settledSelector} from '../anchor/quote.js'
import {TextPositionAnchor, TextQuoteAnchor, textHash} from '../anchor/types.js'
import {FoldedText, fold} from '../anchor/search.js'
import {othersOf} from '../anchor/reanchor.js'
import type {CaseRule} from '../anchor/terms.js'
import {annotationFile, type GlossFront, type NoteFront, type TargetMatter} from './front-matter.js'
import {createFile, FileConflict, removeFile, type Written} from './files.js'
import {idProblem, newId} from './ids.js'
import {sentenceAt} from './locate.js'
import {loadWith} from './trial.js'
import {editable, EditError, refuseErrors, today} from './errors.js'

export interface ImportInput {
  /** How to name the file in messages. */
  name: string
  text: string
}

/** What became of one imported annotation, in words for the editor. */
export interface ImportLine {
  /** The file written, or the one it duplicates. */
  path?: string
  outcome: 'anchored' | 'moved' | 'orphan' | 'duplicate' | 'skipped'
  message: string
}

export interface ImportResult {
  written: Written[]
  lines: ImportLine[]
}

/** The JSON of the file; a syntax error is located in it (V8 does not always say where: YAML's parser, which reads JSON, does). */
function parse(input: ImportInput): unknown {
  const deep = deepOffset(input.text)
  if (deep !== undefined) {
    const file = new VFile({path: input.name, value: input.text})
    error(file, `The JSON nests more than ${MAX_YAML_DEPTH} levels deep (no annotation needs as many)`, lineIndex(file).place(deep), 'json-depth')
    throw new EditError('edition', `${input.name} cannot be imported; nothing was imported`, [], [file])
  }
  try {
    return JSON.parse(input.text)
  } catch (cause) {
    const file = new VFile({path: input.name, value: input.text})
    const msg = (cause as Error).message.split('\n')[0]!.replace(/, "[\s\S]*" is not valid JSON$/, '')
    const at = /position (\d+)/.exec(msg)
    const offset = at ? Number(at[1]) : (parseDocument(input.text).errors[0]?.pos[0] ?? 0)
    error(file, `Invalid JSON: ${msg}`, lineIndex(file).place(offset), 'json-syntax')
    throw new EditError('edition', `${input.name} is not JSON; nothing was imported`, [], [file])
  }
}

const dateOf = (v: string | undefined, fallback: string) => (v && /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : fallback)
const sameText = (a: string, b: string) => fold(a).trim() === fold(b).trim()

interface Planned {
  path: string
  content: string
}

export async function importFile(root: string, input: ImportInput): Promise<ImportResult> {
  const data = parse(input)
  const raws = readAnnotations(data)
  if (!raws.length) throw new EditError('input', `${input.name} holds no annotations (W3C Web Annotations, or Hypothesis's or Recogito's export)`)
  const {edition} = await editable(root)
  const {text} = edition
  const keys = new Set(edition.references.map((r) => r.id))
  const existing = [...edition.annotations, ...edition.orphans]
  const taken = new Set(existing.map((a) => a.id))
  const hash = textHash(text)
  const folded = new FoldedText(text)
  const planned: Planned[] = []
  const lines: ImportLine[] = []
  const kept: {a: Pick<Annotation, 'type' | 'term' | 'markdown'> & {start?: number; end?: number}; path: string}[] = existing.map((a) => ({a: {type: a.type, ...(a.term !== undefined ? {term: a.term} : {}), markdown: a.markdown, ...(a.targets[0] ? {start: a.targets[0].start, end: a.targets[0].end} : {})}, path: a.file}))
  const day = today()

  for (const raw of raws) {
    const name = raw.iri ?? `annotation ${raw.index + 1}`
    if (raw.reply) {
      lines.push({outcome: 'skipped', message: `${name} is a reply to another annotation, with no passage of its own: not imported`})
      continue
    }
    const {markdown: safe, changes} = safeMarkdown(raw.markdown, keys)
    const body = raw.tags.length ? `${safe}${safe ? '\n\n' : ''}Tags: ${raw.tags.join(', ')}.` : safe
    const id = (fallback: string, kind: 'note' | 'term') => {
      // The edition's own export names each annotation in its IRI's fragment: keep it.
      const own = raw.iri?.includes('#') && !idProblem(raw.id, taken) ? raw.id : undefined
      const chosen = own ?? newId(fallback, taken, kind)
      taken.add(chosen)
      return chosen
    }
    const common = {status: raw.status ?? 'unverified', author: raw.author, created: dateOf(raw.created, day), modified: dateOf(raw.modified ?? raw.created, day)} as const
    const said = changes.length ? ` (${changes.join('; ')})` : ''

    if (raw.type === 'gloss') {
      const term = raw.term ?? raw.targets.find((t) => t.quote)?.quote?.exact
      if (!term) {
        lines.push({outcome: 'skipped', message: `${name} is a glossary entry without a term: not imported`})
        continue
      }
      const twin = kept.find((k) => k.a.type === 'gloss' && k.a.term?.toLowerCase() === term.toLowerCase())
      if (twin) {
        lines.push({path: twin.path, outcome: 'duplicate', message: `${name} (the entry “${term}”) is in the edition already, as ${twin.path}: not imported`})
        continue
      }
      const forms = raw.forms ?? [...new Set(raw.targets.flatMap((t) => (t.quote ? [t.quote.exact] : [])))]
      const glossId = id(term, 'term')
      const front: GlossFront = {
        id: glossId,
        term,
        forms: forms.length ? forms : [term],
        ...(raw.case === 'exact' || raw.case === 'ignore' || raw.case === 'first-letter' ? {case: raw.case as CaseRule} : {}),
        label: raw.label ?? term,
        ...(raw.original ? {original: raw.original} : {}),
        ...(raw.sameAs ? {sameAs: raw.sameAs} : {}),
        ...common
      }
      const path = `annotations/glossary/${glossId}.md`
      planned.push({path, content: annotationFile(front, body)})
      lines.push({path, outcome: 'anchored', message: `${path}: the glossary entry “${term}”${said}`})
      kept.push({a: {type: 'gloss', term, markdown: body}, path})
      continue
    }

    const target = raw.targets.find((t) => t.quote) ?? raw.targets.find((t) => t.position)
    if (!target) {
      lines.push({outcome: 'skipped', message: `${name} has no TextQuoteSelector or TextPositionSelector (it annotates a whole page, or another annotation): a note must quote its passage, so it is not imported`})
      continue
    }
    const hint = target.position ? TextPositionAnchor.fromSelector(text, target.position) : undefined
    const quote: TextQuoteSelector | undefined =
      target.quote ?? (hint && hint.end <= text.length && hint.start < hint.end ? {type: 'TextQuoteSelector', exact: text.slice(hint.start, hint.end)} : undefined)
    if (!quote) {
      lines.push({outcome: 'skipped', message: `${name} has only a position, outside the text: not imported`})
      continue
    }
    const found = TextQuoteAnchor.fromSelector(text, quote).locate({...(hint ? {hint: hint.start} : {}), revised: true})
    const range =
      found.state === 'anchored' || found.state === 'moved' ? found.range : found.state === 'ambiguous' ? found.ranges[found.nearest ?? 0] : undefined
    if (range) {
      const twin = kept.find((k) => k.a.type === 'note' && k.a.start === range.start && k.a.end === range.end && sameText(k.a.markdown, body))
      if (twin) {
        lines.push({path: twin.path, outcome: 'duplicate', message: `${name} is a note on the same passage with the same text as ${twin.path}: not imported`})
        continue
      }
    } else {
      const twin = kept.find((k) => k.a.type === 'note' && k.a.start === undefined && sameText(k.a.markdown, body))
      if (twin) {
        lines.push({path: twin.path, outcome: 'duplicate', message: `${name} has the same text as ${twin.path}: not imported`})
        continue
      }
    }
    const noteId = id(quote.exact, 'note')
    const path = `annotations/notes/${noteId}.md`
    let targetMatter: TargetMatter
    let line: ImportLine
    if (range) {
      const settled = settledSelector(text, range, othersOf(folded, [range])[0]!)
      targetMatter = {
        exact: settled.exact,
        ...(settled.prefix !== undefined ? {prefix: settled.prefix} : {}),
        ...(settled.suffix !== undefined ? {suffix: settled.suffix} : {}),
        position: TextPositionAnchor.fromRange(text, range).toSelector().start,
        text: hash
      }
      const where = `sentence ${sentenceAt(edition, range.start)}`
      const changed = fold(settled.exact) !== fold(quote.exact)
      line =
        found.state === 'ambiguous'
          ? {path, outcome: 'anchored', message: `${path}: the quote stands in ${found.ranges.length} places; attached to the one in ${where}${found.nearest !== undefined ? ', nearest its position' : ''}: check it${said}`}
          : changed
            ? {path, outcome: 'moved', message: `${path}: re-anchored fuzzily in ${where}: was “${quote.exact}”, now “${settled.exact}”${said}`}
            : {path, outcome: 'anchored', message: `${path}: anchored in ${where}${said}`}
    } else {
      // An orphan keeps the quote it came with and its position; no text hash, for it was never anchored in this text.
      targetMatter = {
        exact: quote.exact,
        ...(quote.prefix ? {prefix: quote.prefix} : {}),
        ...(quote.suffix ? {suffix: quote.suffix} : {}),
        position: target.position?.start ?? 0
      }
      line = {path, outcome: 'orphan', message: `${path}: “${quote.exact}” is not in the text: kept as an orphan${said}`}
    }
    const front: NoteFront = {id: noteId, target: targetMatter, ...common}
    planned.push({path, content: annotationFile(front, body)})
    lines.push(line)
    kept.push({a: {type: 'note', markdown: body, ...(range ? {start: range.start, end: range.end} : {})}, path})
  }

  if (planned.length) {
    const trial = await loadWith(root, new Map(planned.map((p) => [p.path, p.content])))
    refuseErrors(trial.files, 'These annotations')
  }
  const written: Written[] = []
  try {
    for (const p of planned) {
      await createFile(join(root, p.path), p.content)
      written.push({path: p.path, action: 'created', content: p.content})
    }
  } catch (cause) {
    // All or nothing: a file that appeared meanwhile undoes the ones already written.
    for (const w of written) await removeFile(join(root, w.path), w.content).catch(() => undefined)
    if (cause instanceof FileConflict) throw new EditError('input', `${cause.message}; nothing was imported`)
    throw cause
  }
  return {written, lines}
}

