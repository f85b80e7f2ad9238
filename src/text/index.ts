/**
 * The text stage: from the witness and its interventions to the established text, checked
 * against `edition/text.md`; then one unified run (parse, text check, sentences, glossary terms)
 * gives the text tree, its plain text and its sentences, and each intervention is placed in it.
 *
 * A text that differs from the witness is an error, but the stage still returns the text as
 * written, so that the annotations can be checked against it in the same run.
 */
import {unified} from 'unified'
import remarkParse from 'remark-parse'
import type {PhrasingContent, Root} from 'mdast'
import type {VFile} from 'vfile'
import type {Intervention, Reading, Sentence} from '../model/edition.js'
import {error, LineIndex, type Place} from '../model/messages.js'
import {establish, InterventionError, witnessLocation, type Established, type Placed} from './witness.js'
import remarkTextCheck from '../pipeline/remark-text-check.js'
import remarkSentences from '../pipeline/remark-sentences.js'
import remarkTerms, {type GlossaryForm, type TermOccurrence} from '../pipeline/remark-terms.js'
import {insertMilestones, paragraphPlaces, wrapRanges, type Milestone, type Wrap} from '../pipeline/places.js'
import {sourceRuns, type SourceRun} from '../pipeline/inline.js'
import {beyondParser, tooDeepNode, tooDeepWords} from '../pipeline/markdown-bounds.js'

export interface TextInput {
  /** `edition/text.md`, read. */
  file: VFile
  /** The witness, read, and where its path is written in edition.yaml. */
  witness: string
  interventions: Intervention[]
  /** Where messages about an intervention go: edition.yaml, at the intervention. */
  interventionAt: (index: number) => {file: VFile; place: Place}
  language: string
  forms: GlossaryForm[]
}

export interface TextStage {
  tree: Root
  text: string
  sentences: Omit<Sentence, 'annotations'>[]
  terms: TermOccurrence[]
  readings: Reading[]
}

/** Establish the text. Errors are recorded on the files; the stage is returned whenever the text could be read. */
export function establishText(input: TextInput): TextStage | undefined {
  const {file, witness} = input
  const written = String(file.value)
  if (written.trim() === '') {
    error(file, 'The text is empty: `edition/text.md` must hold the established text', {line: 1, column: 1}, 'empty-text')
    return undefined
  }
  let established: Established | undefined
  try {
    established = establish(witness, input.interventions)
  } catch (cause) {
    if (!(cause instanceof InterventionError)) throw cause
    const {file: at, place} = input.interventionAt(input.interventions.findIndex((i) => i.id === cause.intervention))
    error(at, cause.message, place, 'intervention')
  }
  if (established && established.text !== written) {
    const text = established.text
    let i = 0
    while (i < written.length && written[i] === text[i]) i++
    const shown = (s: string) => JSON.stringify(s.slice(i, i + 30))
    error(
      file,
      `The text differs from the witness with its interventions applied: here ${shown(written)}, expected ${shown(text)}. Record the change as an intervention in edition.yaml`,
      new LineIndex(written).place(i),
      'text-witness'
    )
    established = undefined
  }

  const readings: Reading[] = []
  const processor = unified()
    .use(remarkParse)
    .use(remarkTextCheck)
    .use(remarkSentences, {language: input.language})
    // Readings before terms, so that a term is never cut in two by a reading's edges.
    .use(() => (tree: Root) => (established ? placeInterventions(tree, written, witness, established.placed, input.interventions, readings) : tree))
    .use(remarkTerms, {glossary: input.forms})
  // Bounded before the parse and before any walk (model/limits.ts): the text is not read past them.
  const excess = beyondParser(written)
  if (excess) {
    error(file, excess.reason, new LineIndex(written).place(excess.offset), 'markdown-bounds')
    return undefined
  }
  const parsedTree = processor.parse(file)
  const deep = tooDeepNode(parsedTree)
  if (deep) {
    error(file, tooDeepWords, deep.position?.start ?? {line: 1, column: 1}, 'markdown-bounds')
    return undefined
  }
  const tree = processor.runSync(parsedTree, file) as Root
  const drafts = file.data.sentences ?? []
  if (drafts.length === 0) error(file, 'The text has no sentences', {line: 1, column: 1}, 'empty-text')

  const witnessLines = new LineIndex(witness)
  const sentences = drafts.map(({sourceStart, sourceEnd, ...s}) => ({
    ...s,
    // Without a matching witness the citation cannot be made: the build stops on that error anyway.
    witness: established ? witnessLocation(witnessLines, established.pieces, sourceStart, sourceEnd) : {line: 0, column: 0, endLine: 0, endColumn: 0}
  }))
  return {tree, text: file.data.plainText ?? '', sentences, terms: file.data.terms ?? [], readings}
}

/** Plain-text offset of a source offset, by the runs where source and plain text are the same characters. */
function toPlain(runs: SourceRun[], source: number): number {
  let lo = 0
  let hi = runs.length - 1
  let best = 0
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const r = runs[mid]!
    if (source < r.source) hi = mid - 1
    else if (source > r.source + r.length) {
      best = r.plain + r.length
      lo = mid + 1
    } else return r.plain + source - r.source
  }
  return best
}

/** Each intervention as a node of the text: a substitution's reading wrapped, an omission's gap marked. */
function placeInterventions(tree: Root, source: string, witness: string, placed: Placed[], interventions: Intervention[], readings: Reading[]): Root {
  if (!placed.length) return tree
  const runs: SourceRun[] = []
  for (const p of paragraphPlaces(tree)) runs.push(...sourceRuns(p.node.children, source, p.start))
  const byId = new Map(interventions.map((i) => [i.id, i]))
  const wraps: Wrap[] = []
  const gaps: Milestone[] = []
  for (const p of placed) {
    const intervention = byId.get(p.id)!
    const start = toPlain(runs, p.start)
    const end = p.end > p.start ? toPlain(runs, p.end) : start
    const original = witness.slice(p.witnessStart, p.witnessEnd)
    readings.push({intervention, start, end, witness: original})
    if (intervention.type === 'substitution' && end > start) {
      wraps.push({start, end, make: (children: PhrasingContent[]) => ({type: 'reading', children, data: {intervention: p.id, original}}) as PhrasingContent})
    } else {
      gaps.push({offset: start, bind: start === 0 ? 'right' : 'left', node: {type: 'gap', data: {intervention: p.id, omitted: original}} as PhrasingContent})
    }
  }
  return insertMilestones(wrapRanges(tree, wraps), gaps)
}
