/**
 * The read stage: every file of an edition, read and checked against its schema. This is the one
 * place that knows the layout on disk (`edition/`, `annotations/`); everything after it works on
 * what it returns. Problems become located messages on the files; nothing here is processed.
 */
import {readdir} from 'node:fs/promises'
import {join, relative, sep} from 'node:path'
import type {CslItem, Metadata, Source, Status} from '../model/edition.js'
import {error, lineIndex, type Place} from '../model/messages.js'
import {occurrenceClash, reservedId} from '../model/ids.js'
import type {CaseRule} from '../anchor/terms.js'
import {VFile} from 'vfile'
import {readText} from './files.js'
import {MAX_ANNOTATIONS, MAX_FILE_BYTES, MAX_REFERENCES_BYTES, MAX_TEXT_BYTES} from '../model/limits.js'
import {readYaml, type YamlResult} from './yaml.js'
import {validator} from './schemas.js'
import {readReferences, type References} from './references.js'

interface Common {
  id?: string
  status: Status
  author: string
  created: string
  modified: string
  'further-reading'?: string[]
}
export interface GlossaryMatter extends Common {
  term: string
  forms: string[]
  case?: CaseRule
  label: string
  original?: {text: string; transliteration?: string; language: string}
  sameAs?: string[]
}
export interface NoteMatter extends Common {
  target: {exact: string; prefix?: string; suffix?: string; position?: number; text?: string}
}

/** One annotation file, read: its front matter (located) and its Markdown body. */
export interface Entry<T> {
  kind: 'gloss' | 'note'
  id: string
  file: VFile
  /** Path relative to the edition root, with `/` separators (what outputs carry). */
  path: string
  yaml: YamlResult<T>
  body: string
  /** Where the body starts in the file. */
  bodyOffset: number
}

export interface ReadOptions {
  /** A CSL style to use instead of the one in edition.yaml. */
  style?: string
  /**
   * The folders every file read must resolve to (after symbolic links); the edition's own by
   * default. A trial load of an edit (`src/edit/trial.ts`) mirrors the edition with links, and
   * names both folders.
   */
  confine?: readonly string[]
}

export interface Sources {
  root: string
  /** Every file read, with its messages. */
  files: VFile[]
  meta?: {file: VFile; data: Metadata; at: YamlResult<unknown>['at']}
  text?: VFile
  witness?: {file: VFile; path: string}
  introduction?: VFile
  glossary: Entry<GlossaryMatter>[]
  notes: Entry<NoteMatter>[]
  references: References
  /** The CSL style asked for, and where the request is written (for messages). */
  style: {name: string; base: string; file?: VFile; place?: Place}
}

const FRONT = /^---[ \t]*\n([\s\S]*?\n)?---[ \t]*(?:\n|$)/

/** edition.yaml's `source`, as written (YAML keys), before it becomes the model's `Source`. */
interface SourceYaml extends Omit<Source, 'unknownNote'> {
  'unknown-note'?: string
}

export async function readSources(root: string, options: ReadOptions = {}): Promise<Sources> {
  const files: VFile[] = []
  const confine = options.confine ?? [root]
  // Paths as the user would type them: relative below the working directory, else absolute.
  const display = (p: string) => {
    const rel = relative(process.cwd(), join(root, p))
    return rel.startsWith('..') ? join(root, p) : rel
  }
  // Every file must be a regular file inside the edition, of a bounded size (see model/limits.ts).
  const read = async (p: string, {optional = false, maxBytes = MAX_FILE_BYTES} = {}) => {
    const file = await readText(join(root, p), display(p), {root: confine, maxBytes})
    if (optional && file.messages.some((m) => m.ruleId === 'missing-file')) return undefined
    files.push(file)
    return file
  }

  const metaFile = (await read('edition/edition.yaml'))!
  const yaml = metaFile.messages.some((m) => m.fatal)
    ? undefined
    : readYaml<Omit<Metadata, 'source'> & {source: SourceYaml}>(metaFile, String(metaFile.value), 0, validator('edition.schema.json'), 'edition.yaml', {guide: 'see “edition.yaml, key by key” in the README'})
  const meta = yaml && {
    file: metaFile,
    at: yaml.at,
    data: {...yaml.data, source: sourceOf(yaml.data.source)} satisfies Metadata
  }
  const text = await read('edition/text.md', {maxBytes: MAX_TEXT_BYTES})
  const introduction = await read('edition/introduction.md', {optional: true, maxBytes: MAX_REFERENCES_BYTES})
  const witness = meta ? await readWitness(root, display, meta, confine) : undefined
  if (witness) files.push(witness.file)

  // The bibliography first: a syntax error in it is the first thing to fix, and is printed first.
  const references = await readReferences(root, display, files, confine)
  const budget = {left: MAX_ANNOTATIONS}
  const glossary = await readEntries<GlossaryMatter>(root, display, 'annotations/glossary', 'gloss', 'glossary.schema.json', files, budget, confine)
  const notes = await readEntries<NoteMatter>(root, display, 'annotations/notes', 'note', 'note.schema.json', files, budget, confine)
  checkIds([...glossary, ...notes])

  const styleName = options.style ?? meta?.data.style ?? 'chicago-author-date'
  return {
    root,
    files,
    ...(meta ? {meta} : {}),
    ...(text ? {text} : {}),
    ...(witness ? {witness} : {}),
    ...(introduction ? {introduction} : {}),
    glossary,
    notes,
    references,
    style: {
      name: styleName,
      // A style named on the command line is found from the working folder; one in edition.yaml from edition/.
      base: options.style ? process.cwd() : join(root, 'edition'),
      ...(!options.style && meta ? {file: metaFile, place: meta.at(['style'])} : {})
    }
  }
}

/**
 * The witness named in edition.yaml. It must be a regular file inside the edition (after
 * symbolic links): its text is published, so `witness: ../../../etc/passwd` must not reach a
 * page. When it cannot be read, the error is at the `witness:` key, where the fix is.
 */
async function readWitness(root: string, display: (p: string) => string, meta: NonNullable<Sources['meta']>, confine: readonly string[]): Promise<Sources['witness']> {
  const path = posix(join('edition', meta.data.witness))
  const file = await readText(join(root, path), display(path), {root: confine, maxBytes: MAX_TEXT_BYTES})
  const problem = file.messages.find((m) => m.fatal && m.ruleId !== 'invalid-utf8')
  if (!problem) return {file, path}
  error(meta.file, `witness: ${problem.reason}`, meta.at(['witness']), problem.ruleId ?? 'missing-file')
  return undefined
}

function sourceOf(s: SourceYaml): Source {
  const {'unknown-note': unknownNote, ...rest} = s
  return {...rest, ...(unknownNote ? {unknownNote} : {})}
}

const posix = (p: string) => p.split(sep).join('/')

/** The `.md` files of an annotations folder; a folder that is not there holds none, one that cannot be read is said. */
async function list(dir: string): Promise<{names: string[]; problem?: string}> {
  try {
    return {names: (await readdir(dir)).filter((f) => f.endsWith('.md')).sort()}
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return {names: []}
    return {names: [], problem: code === 'ENOTDIR' ? 'is not a folder: glossary entries and notes are files in the folders annotations/glossary and annotations/notes' : `cannot be read (${code ?? String(cause)})`}
  }
}

async function readEntries<T extends Common>(root: string, display: (p: string) => string, folder: string, kind: 'gloss' | 'note', schema: 'glossary.schema.json' | 'note.schema.json', files: VFile[], budget: {left: number}, confine: readonly string[]): Promise<Entry<T>[]> {
  const entries: Entry<T>[] = []
  const {names, problem} = await list(join(root, folder))
  if (problem) {
    const file = new VFile({path: display(folder)})
    error(file, `\`${display(folder)}\` ${problem}`, undefined, 'not-a-file')
    files.push(file)
  }
  for (const [i, name] of names.entries()) {
    const path = `${folder}/${name}`
    if (budget.left-- <= 0) {
      const file = new VFile({path: display(path)})
      error(file, `More than ${MAX_ANNOTATIONS.toLocaleString('en')} glossary entries and notes: this file and the ${names.length - i - 1} after it in ${folder} are not read`, {line: 1, column: 1}, 'too-many')
      files.push(file)
      break
    }
    const file = await readText(join(root, path), display(path), {root: confine, maxBytes: MAX_FILE_BYTES})
    files.push(file)
    if (file.messages.some((m) => m.fatal)) continue
    const value = String(file.value)
    const m = FRONT.exec(value)
    if (!m) {
      const opened = /^---[ \t]*\n/.test(value)
      error(
        file,
        opened
          ? 'The front matter is not closed: add a line `---` after its last key, before the note’s text'
          : 'Missing front matter: the file must start with a `---` line, YAML, and a closing `---` line',
        opened ? lineIndex(file).place(value.length) : {line: 1, column: 1},
        'front-matter'
      )
      continue
    }
    const yaml = readYaml<T>(file, m[1] ?? '', value.indexOf('\n') + 1, validator<T>(schema), 'front matter', {guide: `see “${kind === 'gloss' ? 'A glossary entry' : 'A note on a passage'}” in the README`})
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
    entries.push({kind, id, file, path, yaml, body: value.slice(m[0].length), bodyOffset: m[0].length})
  }
  return entries
}

/** Ids are one namespace: no duplicates across glossary and notes, and none that takes another's occurrence ids. */
function checkIds(entries: Entry<Common>[]): void {
  const seen = new Map<string, VFile>()
  for (const e of entries) {
    const first = seen.get(e.id)
    if (first) error(e.file, `Duplicate id \`${e.id}\`: also used by ${first.path}`, {line: 1, column: 1}, 'duplicate-id')
    else seen.set(e.id, e.file)
  }
  const ids = new Set(seen.keys())
  for (const e of entries) {
    const base = occurrenceClash(e.id, ids)
    if (base) error(e.file, `The id \`${e.id}\` is taken by the places \`${base}\` occurs (\`${base}-1\`, \`${base}-2\`, …): rename the file`, {line: 1, column: 1}, 'id-reserved')
  }
}

export type {CslItem}
