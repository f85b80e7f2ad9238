/**
 * Validation before writing: the edition is loaded as it would be after an edit, without
 * touching it. A temporary folder mirrors the edition with symbolic links (the `edition/` folder
 * as one link, each annotation file as its own), the edit's files are put in it, and the loader
 * runs on that; messages are then pointed back at the real files.
 */
import {mkdir, mkdtemp, readdir, rm, symlink, writeFile, unlink} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {dirname, join, relative, resolve} from 'node:path'
import {loadEdition, type Loaded} from '../load/index.js'

/** Files to add, replace (content) or remove (`null`), by path relative to the edition root. */
export type Changes = Map<string, string | null>

async function mirror(from: string, to: string): Promise<void> {
  await mkdir(to, {recursive: true})
  const entries = await readdir(from, {withFileTypes: true}).catch(() => [])
  for (const e of entries) {
    if (e.isDirectory()) await mirror(join(from, e.name), join(to, e.name))
    else await symlink(join(from, e.name), join(to, e.name))
  }
}

/** How the loader names a file of `root` (relative below the working folder, else absolute). */
const display = (root: string) => {
  const rel = relative(process.cwd(), root)
  return rel.startsWith('..') ? root : rel
}

/** The edition at `root` as it would load with `changes` made. */
export async function loadWith(root: string, changes: Changes): Promise<Loaded> {
  const real = resolve(root)
  const trial = await mkdtemp(join(tmpdir(), 'edition-trial-'))
  try {
    await symlink(join(real, 'edition'), join(trial, 'edition'))
    await mirror(join(real, 'annotations'), join(trial, 'annotations'))
    for (const [path, content] of changes) {
      const at = join(trial, path)
      await unlink(at).catch(() => undefined)
      if (content === null) continue
      await mkdir(dirname(at), {recursive: true})
      await writeFile(at, content)
    }
    // The mirror's links lead into the real edition: files may resolve there, or in the trial folder.
    const loaded = await loadEdition(trial, {confine: [trial, real]})
    const from = [display(trial), trial]
    const to = display(real)
    for (const file of loaded.files) {
      const prefix = from.find((p) => file.path.startsWith(p + '/'))
      if (prefix) file.path = join(to, file.path.slice(prefix.length + 1))
    }
    return loaded
  } finally {
    await rm(trial, {recursive: true, force: true})
  }
}
