/** `edition list`: the annotations, with where each stands and how it anchored. */
import type {Annotation, Edition} from '../../model/edition.js'
import {resolve} from 'node:path'
import {loadEdition} from '../../load/index.js'
import {common, commonHelp, say, UsageError, type Command} from '../command.js'
import {plural} from '../load.js'
import {counts, formatMessages} from '../report.js'

interface Row {
  id: string
  kind: Annotation['type']
  status: Annotation['status']
  anchor: Annotation['anchor']['state']
  /** Sentence numbers the annotation touches. */
  sentences: number[]
  /** The quoted passage (a note), or the term (a glossary entry). */
  passage: string
  places: number
  file: string
}

function rows(edition: Edition): Row[] {
  const number = new Map(edition.sentences.map((s) => [s.id, s.n]))
  return [...edition.annotations, ...edition.orphans].map((a) => ({
    id: a.id,
    kind: a.type,
    status: a.status,
    anchor: a.anchor.state,
    sentences: [...new Set(a.targets.flatMap((t) => t.sentences.map((s) => number.get(s)!)))].sort((x, y) => x - y),
    passage: a.type === 'gloss' ? a.term ?? a.id : a.anchor.state === 'orphaned' ? a.anchor.reason : a.targets[0]?.selector.exact ?? '',
    places: a.targets.length,
    file: a.file
  }))
}

const cut = (s: string, n: number) => {
  const flat = s.replace(/\s+/g, ' ')
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat
}

function table(list: Row[]): string {
  const head = ['id', 'kind', 'status', 'anchor', 'sentences', 'passage']
  const body = list.map((r) => [r.id, r.kind, r.status, r.anchor, r.sentences.join(',') || '—', cut(r.kind === 'gloss' ? `${r.passage} (${r.places ? plural(r.places, 'place') : 'in notes only'})` : r.passage, 60)])
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}

export const list: Command = {
  name: 'list',
  summary: 'List the annotations: kind, status, how each anchored, its sentences and passage',
  usage: 'edition list [--sentence N] [--status S] [--json] [--root DIR]',
  options: {...common, sentence: {type: 'string'}, status: {type: 'string'}, json: {type: 'boolean', default: false}},
  describe: {
    ...commonHelp,
    sentence: 'Only the annotations that touch sentence N',
    status: 'Only those with this status: verified, unverified or disputed',
    json: 'Print JSON (one object per annotation) instead of a table'
  },
  examples: ['edition list', 'edition list --sentence 9', 'edition list --status unverified --json'],
  async run({values}) {
    const n = values.sentence === undefined ? undefined : Number(values.sentence)
    if (n !== undefined && !(Number.isInteger(n) && n > 0)) throw new UsageError(`--sentence must be a sentence number, not \`${String(values.sentence)}\``)
    const status = values.status
    if (status !== undefined && !['verified', 'unverified', 'disputed'].includes(String(status))) throw new UsageError(`--status must be verified, unverified or disputed, not \`${String(status)}\``)
    // Warnings are `edition check`'s to print; a list is printed unless the edition does not load.
    const {edition, files} = await loadEdition(resolve(String(values.root ?? '.')))
    if (!edition) {
      const {errors, warnings} = counts(files)
      say(formatMessages(files, {infos: false}))
      say(`edition: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}; the annotations cannot be listed until the edition loads`)
      return 1
    }
    if (n !== undefined && n > edition.sentences.length) throw new UsageError(`--sentence ${n}: the text has ${edition.sentences.length} sentences`)
    const chosen = rows(edition).filter((r) => (n === undefined || r.sentences.includes(n)) && (status === undefined || r.status === status))
    process.stdout.write(values.json ? `${JSON.stringify(chosen, null, 2)}\n` : `${table(chosen)}\n`)
    return 0
  }
}
