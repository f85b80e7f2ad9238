/** Loading an edition for a command: report every message, say how it went. */
import {resolve} from 'node:path'
import {loadEdition, type Loaded} from '../load/index.js'
import {counts, formatMessages} from './report.js'
import {say} from './command.js'

export interface Load extends Loaded {
  root: string
  errors: number
  warnings: number
}

export async function load(values: {root?: unknown; quiet?: unknown; style?: unknown}): Promise<Load> {
  const root = resolve(String(values.root ?? '.'))
  // EDITION_TIMINGS=1 prints each stage's time to standard error (what `npm run bench` reads).
  const timing = process.env.EDITION_TIMINGS ? (stage: string, ms: number) => say(`edition: timing: ${stage} ${ms.toFixed(1)} ms`) : undefined
  const loaded = await loadEdition(root, {...(typeof values.style === 'string' ? {style: values.style} : {}), ...(timing ? {timing} : {})})
  const report = formatMessages(loaded.files, {infos: !values.quiet})
  if (report) say(report)
  const {errors, warnings} = counts(loaded.files)
  return {...loaded, root, errors, warnings}
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
