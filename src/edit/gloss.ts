/**
 * Creating a glossary entry. Its forms are found in the text (and in note bodies) by the same
 * matcher the loader runs, in a trial load: a form that matches nothing is refused, naming the
 * form, before anything is written.
 */
import {join} from 'node:path'
import type {GlossaryMatter} from '../read/index.js'
import {annotationFile, type GlossFront} from './front-matter.js'
import {createFile, type Written} from './files.js'
import {sentenceAt} from './locate.js'
import {loadWith} from './trial.js'
import type {Loaded} from '../load/index.js'
import {editable, EditError, newEntry, refuseErrors, type Authoring, type Known} from './errors.js'

export interface GlossInput extends Pick<GlossaryMatter, 'term' | 'forms' | 'case' | 'label' | 'original' | 'sameAs'>, Authoring {
  body: string
}

export interface GlossCreated {
  written: Written[]
  /** Where the entry occurs: sentence numbers, one per occurrence in the text (none if only in notes). */
  occurrences: number[]
  /** The edition as loaded with the new file (it is the edition as it is now). */
  loaded: Loaded
}

export async function createGloss(root: string, input: GlossInput, known: Known = {}): Promise<GlossCreated> {
  if (!input.term.trim()) throw new EditError('input', '--term is empty')
  if (!input.forms.length || input.forms.some((f) => !f.trim())) throw new EditError('input', 'give each form the term takes in the text with --form (one or more)')
  if (!input.body.trim()) throw new EditError('input', 'the entry has no text: give --body')
  const {edition} = await editable(root, known)
  const {id, common} = newEntry(edition, input, input.term, 'term')
  const front: GlossFront = {
    id,
    term: input.term,
    forms: input.forms,
    ...(input.case ? {case: input.case} : {}),
    label: input.label,
    ...(input.original ? {original: input.original} : {}),
    ...(input.sameAs?.length ? {sameAs: input.sameAs} : {}),
    ...common
  }
  const path = `annotations/glossary/${id}.md`
  const content = annotationFile(front, input.body)
  const trial = await loadWith(root, new Map([[path, content]]))
  const mine = trial.files.find((f) => f.path.endsWith(path))
  const unmatched = mine?.messages.filter((m) => m.ruleId === 'form-unmatched') ?? []
  if (unmatched.length) {
    throw new EditError('input', `nothing written: ${unmatched.length === 1 ? 'a form matches' : 'forms match'} nothing`, unmatched.map((m) => `  --form: ${m.reason.replace(/^The form/, 'the form')}`))
  }
  refuseErrors(trial.files, 'This glossary entry')
  await createFile(join(root, path), content)
  const entry = trial.edition?.annotations.find((a) => a.id === id)
  return {written: [{path, action: 'created', content}], occurrences: (entry?.targets ?? []).map((t) => sentenceAt(edition, t.start)), loaded: trial}
}
