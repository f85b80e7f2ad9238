/**
 * `check --fix`: each note's target brought up to the text as it now is. A moved note gets the
 * passage as it now reads (with only as much prefix or suffix as tells it apart); every anchored
 * note gets the position it was found at and the hash of this text, so that the next revision can
 * move it rather than lose it. Orphans are left as they are: only an editor can say where their
 * note now belongs. All changes are checked in one trial load, then written.
 */
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {Edition} from '../model/edition.js'
import {TextPositionAnchor, textHash} from '../anchor/types.js'
import {frontMatter, withTarget, type TargetMatter} from './front-matter.js'
import {replaceFile, type Written} from './files.js'
import {loadWith} from './trial.js'
import {EditError, refuseErrors} from './errors.js'

export interface Fixed {
  written: Written[]
  /** Each moved note's new target, in words: `annotations/notes/x.md: quote “old” → “new”`. */
  changes: string[]
  /** Notes that now record where they anchor (they did not before). */
  recorded: string[]
  /** Notes that still anchor exactly, whose position (the text before them changed) or text hash was brought up to date. */
  refreshed: string[]
  /** Orphans, left as they are. */
  orphans: string[]
}

const show = (v: unknown) => (v === undefined ? '(none)' : typeof v === 'string' ? `“${v}”` : String(v))

export async function fixTargets(root: string, edition: Edition): Promise<Fixed> {
  const hash = textHash(edition.text)
  const planned: {path: string; content: string; previous: string}[] = []
  const changes: string[] = []
  const recorded: string[] = []
  const refreshed: string[] = []
  for (const a of edition.annotations) {
    if (a.type !== 'note' || !a.targets[0]) continue
    const previous = await readFile(join(root, a.file), 'utf8')
    const old = (frontMatter(previous)?.target ?? {}) as TargetMatter
    const t = a.targets[0]
    const selector = a.anchor.state === 'moved' ? t.selector : {exact: old.exact, prefix: old.prefix, suffix: old.suffix}
    const next: TargetMatter = {
      exact: selector.exact,
      ...(selector.prefix !== undefined ? {prefix: selector.prefix} : {}),
      ...(selector.suffix !== undefined ? {suffix: selector.suffix} : {}),
      position: TextPositionAnchor.fromRange(edition.text, t).toSelector().start,
      text: hash
    }
    const keys = (['exact', 'prefix', 'suffix', 'position', 'text'] as const).filter((k) => old[k] !== next[k])
    if (!keys.length) continue
    planned.push({path: a.file, content: withTarget(previous, next), previous})
    if (a.anchor.state === 'moved') changes.push(`${a.file}: ${keys.map((k) => `${k === 'exact' ? 'quote' : k} ${show(old[k])} → ${show(next[k])}`).join('; ')}`)
    else if (old.position === undefined && old.text === undefined) recorded.push(a.file)
    else refreshed.push(a.file)
  }
  const orphans = edition.orphans.map((o) => o.file)
  if (!planned.length) return {written: [], changes, recorded, refreshed, orphans}
  const trial = await loadWith(root, new Map(planned.map((p) => [p.path, p.content])))
  refuseErrors(trial.files, 'These changes')
  const still = trial.edition?.annotations.filter((a) => a.anchor.state === 'moved' && planned.some((p) => p.path === a.file)) ?? []
  if (still.length) throw new EditError('input', `the targets of ${still.map((a) => a.id).join(', ')} would still not anchor exactly; nothing was written`)
  const written: Written[] = []
  for (const p of planned) {
    await replaceFile(join(root, p.path), p.content, p.previous)
    written.push({path: p.path, action: 'updated', content: p.content, previous: p.previous})
  }
  return {written, changes, recorded, refreshed, orphans}
}
