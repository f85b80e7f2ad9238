/**
 * Writing output safely. A build writes a whole folder at once: into a temporary sibling first,
 * then swapped into place, so a failed build leaves the previous output whole. It replaces only
 * a folder that is empty or that an earlier build made (it holds the marker file: nothing else
 * counts, not even a folder of files named like a build's), and never the edition's own files
 * or any file the build read. Every path is compared after symbolic links are resolved, so a
 * symlinked working folder is no way around the guards.
 *
 * The swap is two renames (old output aside, new output in place). A build killed between them
 * leaves the previous output aside under `.<name>.old-<pid>`: the next build puts it back before
 * anything else, and removes what dead builds left behind.
 */
import {existsSync} from 'node:fs'
import {lstat, mkdir, readdir, realpath, rename, rm, stat, writeFile} from 'node:fs/promises'
import {basename, dirname, join, resolve} from 'node:path'
import {isInside} from '../read/files.js'

/** Written into every build folder; its presence says the folder may be replaced. */
export const MARKER = '.edition-build'

export class OutputError extends Error {}

/**
 * Make `path` and whatever folders above it are missing, one at a time. Node's own recursive
 * mkdir never returns where a folder cannot be made in a parent that exists (`--out /proc/x`
 * spun forever); made one by one, each failure is an error that can be said.
 */
export async function makeFolders(path: string): Promise<void> {
  const missing: string[] = []
  for (let p = resolve(path); !existsSync(p); p = dirname(p)) {
    missing.unshift(p)
    if (dirname(p) === p) break
  }
  for (const p of missing) {
    await mkdir(p).catch((cause: NodeJS.ErrnoException) => {
      if (cause.code !== 'EEXIST') throw cause
    })
  }
}

/**
 * A file-system failure while writing (no permission, a read-only or full disk, a path through
 * a file) is the user's to fix, not a bug: said as `--out X cannot be written`, exit status 1.
 */
async function writing<T>(out: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code
    if (cause instanceof OutputError || typeof code !== 'string') throw cause
    throw new OutputError(`--out ${out} cannot be written: ${(cause as Error).message}`)
  }
}

/** `path` with symbolic links resolved, for the part of it that exists. */
export async function realPath(path: string): Promise<string> {
  const absolute = resolve(path)
  try {
    return await realpath(absolute)
  } catch {
    const parent = dirname(absolute)
    return parent === absolute ? absolute : join(await realPath(parent), basename(absolute))
  }
}

/** What a write must never touch: the edition's own folders, and every file the build read. */
export interface Guard {
  root: string
  /** Real paths of the files read (text, witness, annotations, references, style). */
  inputs?: string[]
}

async function editionFolders(root: string): Promise<{edition: string; sources: string[]}> {
  const edition = await realPath(root)
  return {edition, sources: [join(edition, 'edition'), join(edition, 'annotations')]}
}

/** Why `out` may not be replaced by a build, if it may not. */
export async function refuseOutput(out: string, guard: Guard): Promise<string | undefined> {
  const target = await realPath(out)
  const {edition, sources} = await editionFolders(guard.root)
  // The output may neither hold the edition (`--out .`, `--out ..`) nor sit inside its sources.
  if (isInside(edition, target) || sources.some((s) => isInside(target, s))) {
    return `--out ${out} would overwrite the edition's own files; choose a folder of its own, such as dist`
  }
  const input = (guard.inputs ?? []).find((i) => isInside(i, target))
  if (input) return `--out ${out} holds ${input}, which the build reads; choose another folder`
  if (!existsSync(target)) return undefined
  if (!(await stat(target)).isDirectory()) return `--out ${out} is a file, not a folder`
  const entries = await readdir(target)
  if (entries.length && !entries.includes(MARKER)) {
    return `--out ${out} is a folder that an earlier build did not make (no ${MARKER} in it) and is not empty; refusing to replace it`
  }
  return undefined
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (cause) {
    return (cause as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Finish what a killed build left: put the previous output back if it is aside and nothing took
 * its place, and remove the temporary and set-aside folders of builds that are no longer running.
 * Only folders holding the marker (or empty ones) are touched.
 */
export async function recoverOutput(out: string): Promise<void> {
  await writing(out, () => recover(out))
}

async function recover(out: string): Promise<void> {
  const target = await realPath(out)
  const parent = dirname(target)
  const name = basename(target)
  let entries: string[]
  try {
    entries = await readdir(parent)
  } catch {
    return
  }
  const left = entries
    .map((e) => ({e, m: new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(tmp|old)-(\\d+)$`).exec(e)}))
    .filter((x): x is {e: string; m: RegExpExecArray} => x.m !== null && Number(x.m[2]) !== process.pid && !alive(Number(x.m[2])))
  for (const {e, m} of left) {
    const path = join(parent, e)
    const held = await readdir(path).catch(() => undefined)
    if (!held || (held.length && !held.includes(MARKER))) continue
    if (m[1] === 'old' && !existsSync(target)) await rename(path, target)
    else await rm(path, {recursive: true, force: true})
  }
}

export async function writeFolder(out: string, files: Map<string, string>): Promise<void> {
  await writing(out, () => swapFolder(out, files))
}

async function swapFolder(out: string, files: Map<string, string>): Promise<void> {
  await recover(out)
  const target = await realPath(out)
  const parent = dirname(target)
  await makeFolders(parent)
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}`)
  const old = join(parent, `.${basename(target)}.old-${process.pid}`)
  await rm(tmp, {recursive: true, force: true})
  try {
    await mkdir(tmp)
    await writeFile(join(tmp, MARKER), 'Made by `edition build`; the next build replaces this folder.\n')
    for (const [name, content] of files) {
      await makeFolders(dirname(join(tmp, name)))
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

/**
 * Write one file atomically (temporary file, then rename). Refuses a folder, the edition's own
 * files and any file the build read. A device or a pipe (`--out /dev/stdout`) is written to,
 * never replaced.
 */
export async function writeFileAtomic(path: string, content: string, guard?: Guard): Promise<void> {
  await writing(path, () => replaceFile(path, content, guard))
}

async function replaceFile(path: string, content: string, guard?: Guard): Promise<void> {
  const target = await realPath(path)
  const existing = await lstat(target).catch(() => undefined)
  if (existing?.isDirectory()) throw new OutputError(`--out ${path} is a folder; give a file name`)
  if (guard) {
    const {sources} = await editionFolders(guard.root)
    if (sources.some((s) => isInside(target, s))) throw new OutputError(`--out ${path} would overwrite the edition's own files; choose another file`)
    if ((guard.inputs ?? []).includes(target)) throw new OutputError(`--out ${path} is a file the build reads; choose another file`)
  }
  if (existing && !existing.isFile()) {
    await writeFile(target, content)
    return
  }
  await makeFolders(dirname(target))
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`)
  try {
    await writeFile(tmp, content)
    await rename(tmp, target)
  } finally {
    await rm(tmp, {force: true})
  }
}
