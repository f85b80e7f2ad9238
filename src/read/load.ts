/**
 * Reading an edition folder into the `Edition` model. This is the one place that knows the
 * layout on disk (`edition/`, `annotations/`); every problem becomes a located vfile message,
 * and the model is returned only when there is no error.
 */
import {join, relative} from 'node:path'
import type {VFile} from 'vfile'
import type {Edition, Metadata} from '../model/edition.js'
import {textProcessor} from '../pipeline/processor.js'
import {error, hasErrors, readText, toPlace} from './source.js'
import {readYaml} from './yaml.js'
import {validator} from './schemas.js'
import {establish, InterventionError, witnessLocation} from './witness.js'
import {readAnnotations, type AnnotationOptions} from './annotations.js'

export interface Loaded {
  /** The model, when there was no error. */
  edition?: Edition
  /** Every file read, with its messages (errors, warnings, notes). */
  files: VFile[]
}

export async function loadEdition(root: string, options: AnnotationOptions = {}): Promise<Loaded> {
  const files: VFile[] = []
  // Paths as the user would type them: relative below the working directory, else absolute.
  const display = (p: string) => {
    const rel = relative(process.cwd(), join(root, p))
    return rel.startsWith('..') ? join(root, p) : rel
  }
  const read = async (p: string) => {
    const file = await readText(join(root, p), display(p))
    files.push(file)
    return file
  }

  const metaFile = await read('edition/edition.yaml')
  const meta = metaFile.messages.some((m) => m.fatal)
    ? undefined
    : readYaml<Metadata>(metaFile, String(metaFile.value), 0, validator<Metadata>('edition.schema.json'), 'edition.yaml')
  const metadata = meta?.data
  const textFile = await read('edition/text.md')
  if (!hasErrors([textFile]) && String(textFile.value).trim() === '') {
    error(textFile, 'The text is empty: `edition/text.md` must hold the established text', {line: 1, column: 1}, 'empty-text')
  }
  if (!meta || !metadata) return {files}

  const witnessPath = join('edition', metadata.witness)
  const witnessFile = await read(witnessPath)
  if (hasErrors(files) || !witnessFile.data.sha256) return {files}

  const witnessText = String(witnessFile.value)
  let established
  try {
    established = establish(witnessText, metadata.interventions)
  } catch (cause) {
    if (!(cause instanceof InterventionError)) throw cause
    const index = metadata.interventions.findIndex((i) => i.id === cause.intervention)
    error(metaFile, cause.message, meta.at(['interventions', index]), 'intervention')
    return {files}
  }
  const text = String(textFile.value)
  if (established.text !== text) {
    let i = 0
    while (i < text.length && text[i] === established.text[i]) i++
    const shown = (s: string) => JSON.stringify(s.slice(i, i + 30))
    error(
      textFile,
      `The text differs from the witness with its interventions applied: here ${shown(text)}, expected ${shown(established.text)}. Record the change as an intervention in edition.yaml`,
      toPlace(text, i),
      'text-witness'
    )
    return {files}
  }

  const annotations = await readAnnotations(root, display, metadata, {file: metaFile, at: meta.at}, options)
  files.push(...annotations.files)

  const processed = await textProcessor({language: metadata.language, glossary: annotations.forms}).process(textFile)
  const drafts = processed.data.sentences ?? []
  const plain = processed.data.plainText ?? ''
  if (drafts.length === 0) error(textFile, 'The text has no sentences', {line: 1, column: 1}, 'empty-text')

  const edition: Edition = {
    edition: metadata,
    witness: {
      file: join('edition', metadata.witness),
      text: witnessText,
      sha256: witnessFile.data.sha256
    },
    text: plain,
    sentences: drafts.map(({sourceStart, sourceEnd, ...s}) => ({
      ...s,
      witness: witnessLocation(witnessText, established.pieces, sourceStart, sourceEnd),
      annotations: []
    })),
    annotations: [],
    references: [],
    bibliography: [],
    style: {name: ''},
    tree: processed.data.tree!
  }
  await annotations.attach(edition, processed.data.terms ?? [])
  if (hasErrors(files)) return {files}
  return {edition, files}
}

