/**
 * Merging references into the bibliography (`annotations/references.json`): CSL-JSON or BibTeX,
 * read and checked exactly as the edition's own bibliography is (located errors in the file
 * given). A work already there, by id, DOI or ISBN, is reported and never added twice. The new
 * items are appended to the file as it is (its existing text is kept byte for byte).
 */
import {mkdtemp, readFile, rm, writeFile, mkdir} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {VFile} from 'vfile'
import type {CslItem} from '../model/edition.js'
import {hasErrors} from '../model/messages.js'
import {readReferences} from '../read/references.js'
import {createFile, replaceFile, type Written} from './files.js'
import {loadWith} from './trial.js'
import {EditError, refuseErrors} from './errors.js'

export interface ReferenceInput {
  /** How to name the input in messages (its path, or `<stdin>`). */
  name: string
  text: string
  format: 'json' | 'bibtex'
}

export interface Merged {
  written: Written[]
  /** The items added, as written. */
  added: CslItem[]
  /** One line for each work not added, saying which existing entry it duplicates. */
  duplicates: string[]
}

/** The input's items, read as the edition reads its own bibliography; errors are located in the input. */
async function readInput(input: ReferenceInput): Promise<CslItem[]> {
  const dir = await mkdtemp(join(tmpdir(), 'edition-refs-'))
  try {
    await mkdir(join(dir, 'annotations'))
    let text = input.text
    // One CSL-JSON item on its own is read as a list of one.
    if (input.format === 'json' && /^\s*\{/.test(text)) text = `[${text}]`
    await writeFile(join(dir, 'annotations', input.format === 'json' ? 'references.json' : 'references.bib'), text)
    const files: VFile[] = []
    const read = await readReferences(dir, () => input.name, files)
    if (hasErrors(files)) throw new EditError('edition', `${input.name} has errors; nothing was added`, [], files)
    if (!read.items.length) throw new EditError('input', `${input.name} holds no references`)
    // citation-js keeps its parse history (`_graph`) and the BibTeX key (the id already) on each item.
    return read.items.map(({_graph: _g, 'citation-key': _k, ...item}) => item as CslItem)
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}

const doiOf = (item: CslItem) => (typeof item.DOI === 'string' ? item.DOI.trim().toLowerCase().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:)/, '') : undefined)

/** Every ISBN of an item, as 13 digits (an ISBN-10 converted), so that the two forms of one book match. */
function isbnsOf(item: CslItem): string[] {
  if (typeof item.ISBN !== 'string') return []
  return item.ISBN.split(/[\s,;]+/).flatMap((raw) => {
    const isbn = raw.replace(/[^0-9Xx]/g, '').toUpperCase()
    if (isbn.length === 13) return [isbn]
    if (isbn.length !== 10) return []
    const core = `978${isbn.slice(0, 9)}`
    const sum = [...core].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0)
    return [core + ((10 - (sum % 10)) % 10)]
  })
}

/** Why `item` duplicates one of `existing`, if it does. */
function duplicateOf(item: CslItem, existing: CslItem[]): string | undefined {
  const same = existing.find((e) => e.id === item.id)
  const doi = doiOf(item)
  const byDoi = doi ? existing.find((e) => doiOf(e) === doi) : undefined
  const isbns = isbnsOf(item)
  const byIsbn = isbns.length ? existing.find((e) => isbnsOf(e).some((i) => isbns.includes(i))) : undefined
  if (same) {
    const sameWork = (doi && doiOf(same) === doi) || (isbns.length && isbnsOf(same).some((i) => isbns.includes(i))) || (item.title !== undefined && item.title === same.title)
    return sameWork ? `\`${item.id}\` is in the bibliography already` : `the id \`${item.id}\` is taken by another work (“${same.title ?? same.id}”): give the new entry another id`
  }
  if (byDoi) return `\`${item.id}\` has the DOI of \`${byDoi.id}\` (${doi}), which is in the bibliography already`
  if (byIsbn) return `\`${item.id}\` has an ISBN of \`${byIsbn.id}\`, which is in the bibliography already`
  return undefined
}

/** `text` (a JSON array) with `items` appended before its closing bracket, in its own indentation. */
function appendItems(text: string, items: CslItem[]): string {
  const indent = /^\[\s*\n([ \t]+)[{"]/.exec(text)?.[1] ?? '  '
  const unit = indent.length && indent[0] === '\t' ? '\t' : ' '.repeat(indent.length || 2)
  const close = text.lastIndexOf(']')
  const before = text.slice(0, close).replace(/\s*$/, '')
  const written = items.map((item) => indent + JSON.stringify(item, null, unit).replace(/\n/g, `\n${indent}`)).join(',\n')
  return `${before}${before.endsWith('[') ? '' : ','}\n${written}\n]${text.slice(close + 1).trimEnd()}\n`
}

export async function addReferences(root: string, inputs: ReferenceInput[]): Promise<Merged> {
  const files: VFile[] = []
  const existing = (await readReferences(root, (p) => p, files)).items
  if (hasErrors(files)) throw new EditError('edition', 'the bibliography has errors; correct them first', [], files)
  const added: CslItem[] = []
  const duplicates: string[] = []
  for (const input of inputs) {
    for (const item of await readInput(input)) {
      const why = duplicateOf(item, [...existing, ...added])
      if (why) duplicates.push(`${input.name}: ${why}; not added`)
      else added.push(item)
    }
  }
  if (!added.length) return {written: [], added: [], duplicates}
  const path = 'annotations/references.json'
  const before = await readFile(join(root, path), 'utf8').catch(() => undefined)
  const content = before === undefined ? `${JSON.stringify(added, null, 2)}\n` : appendItems(before, added)
  const trial = await loadWith(root, new Map([[path, content]]))
  refuseErrors(trial.files, 'These references')
  if (before === undefined) await createFile(join(root, path), content)
  else await replaceFile(join(root, path), content, before)
  return {written: [{path, action: before === undefined ? 'created' : 'updated', content, ...(before !== undefined ? {previous: before} : {})}], added, duplicates}
}
