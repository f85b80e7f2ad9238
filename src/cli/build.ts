/**
 * Writing a set of files into a folder all at once: into a temporary sibling first, then
 * renamed into place, so a failed build leaves the previous output whole.
 */
import {mkdir, rename, rm, writeFile} from 'node:fs/promises'
import {dirname, join, resolve, basename} from 'node:path'

export async function writeFolder(out: string, files: Map<string, string>): Promise<void> {
  const target = resolve(out)
  const parent = dirname(target)
  await mkdir(parent, {recursive: true})
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}`)
  const old = join(parent, `.${basename(target)}.old-${process.pid}`)
  await rm(tmp, {recursive: true, force: true})
  try {
    await mkdir(tmp, {recursive: true})
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

/** Write one file atomically (temporary file, then rename). */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const target = resolve(path)
  await mkdir(dirname(target), {recursive: true})
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`)
  await writeFile(tmp, content)
  await rename(tmp, target)
}
