/**
 * Writing output safely. A build writes a whole folder at once: into a temporary sibling first,
 * then renamed into place, so a failed build leaves the previous output whole. It replaces only
 * a folder that is empty or that an earlier build made (it holds the marker file), and never
 * the edition's own folders: `--out .` must not delete an edition.
 */
import {existsSync} from 'node:fs'
import {mkdir, readdir, rename, rm, stat, writeFile} from 'node:fs/promises'
import {dirname, join, resolve, basename, relative, isAbsolute} from 'node:path'

/** Written into every build folder; its presence says the folder may be replaced. */
export const MARKER = '.edition-build'

export class OutputError extends Error {}

const inside = (child: string, parent: string) => {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * Why `out` may not be replaced by a build of `root`, if it may not. A folder may be replaced
 * when it is empty, holds the marker, or holds nothing but files a build writes (`outputs`).
 */
export async function refuseOutput(out: string, root: string, outputs: string[] = []): Promise<string | undefined> {
  const target = resolve(out)
  const edition = resolve(root)
  // The output may neither hold the edition (`--out .`, `--out ..`) nor sit inside its sources.
  if (inside(edition, target) || inside(target, join(edition, 'edition')) || inside(target, join(edition, 'annotations'))) {
    return `--out ${out} would overwrite the edition's own files; choose a folder of its own, such as dist`
  }
  if (!existsSync(target)) return undefined
  if (!(await stat(target)).isDirectory()) return `--out ${out} is a file, not a folder`
  const entries = await readdir(target)
  if (!entries.includes(MARKER) && !entries.every((e) => outputs.includes(e))) {
    return `--out ${out} is a folder that an earlier build did not make (no ${MARKER} in it) and is not empty; refusing to replace it`
  }
  return undefined
}

export async function writeFolder(out: string, files: Map<string, string>): Promise<void> {
  const target = resolve(out)
  const parent = dirname(target)
  await mkdir(parent, {recursive: true})
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}`)
  const old = join(parent, `.${basename(target)}.old-${process.pid}`)
  await rm(tmp, {recursive: true, force: true})
  try {
    await mkdir(tmp, {recursive: true})
    await writeFile(join(tmp, MARKER), 'Made by `edition build`; the next build replaces this folder.\n')
    for (const [name, content] of files) {
      await mkdir(dirname(join(tmp, name)), {recursive: true})
      await writeFile(join(tmp, name), content)
    }
    let hadOld = true
    await rename(target, old).catch(() => (hadOld = false))
    await rename(tmp, target)
    if (hadOld) await rm(old, {recursive: true, force: true})
  } finally {
    await rm(tmp, {recursive: true, force: true})
  }
}

/** Write one file atomically (temporary file, then rename); refuses a folder or an edition file. */
export async function writeFileAtomic(path: string, content: string, root?: string): Promise<void> {
  const target = resolve(path)
  if (existsSync(target) && (await stat(target)).isDirectory()) throw new OutputError(`--out ${path} is a folder; give a file name`)
  if (root && (inside(target, join(resolve(root), 'edition')) || inside(target, join(resolve(root), 'annotations')))) {
    throw new OutputError(`--out ${path} would overwrite the edition's own files; choose another file`)
  }
  await mkdir(dirname(target), {recursive: true})
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`)
  try {
    await writeFile(tmp, content)
    await rename(tmp, target)
  } finally {
    await rm(tmp, {force: true})
  }
}
