/**
 * The edition as the dev server holds it: loaded once, then kept up to date. A save from the
 * page is checked by loading the edition as it would be with it (the edit functions' trial
 * load), and that load becomes the live edition once the file is written: one load per save, not
 * two. A change made by hand (seen by the watcher) marks it stale, and it is loaded again.
 *
 * Everything that reads or changes it runs one at a time (`serial`), so a save's check and its
 * write are never split by another save: of two saves that started from the same file, the
 * second finds it changed.
 */
import {readFile} from 'node:fs/promises'
import {relative, resolve, sep} from 'node:path'
import type {VFile} from 'vfile'
import {loadEdition, type Loaded} from '../load/index.js'
import type {Edition} from '../model/edition.js'
import {hasErrors} from '../model/messages.js'
import type {Written} from '../edit/files.js'

export interface State {
  /** The edition, when it loads without errors. */
  edition?: Edition
  files: VFile[]
  /** Counts the editions loaded since the server started. */
  version: number
}

export class Live {
  private latest: State | undefined
  /** Paths changed by hand since the edition was last loaded. */
  private stale: string[] = []
  private version = 0
  private queue: Promise<unknown> = Promise.resolve()
  /** Files this server wrote or removed, with what they hold now (null: removed): the watcher's news of them is not news. */
  private own = new Map<string, string | null>()
  private pending: ReturnType<typeof setTimeout> | undefined

  constructor(
    readonly root: string,
    /** Told of each new edition after the first: a save's, or one loaded after a change by hand. */
    private readonly changed: (state: State, paths: string[]) => void
  ) {}

  /** The edition as it is now. */
  current(): Promise<State> {
    return this.serial(() => this.fresh())
  }

  /** Run `task` with the edition as it is now, when every task before it is done and before any after it starts. */
  change<T>(task: (state: State) => Promise<T>): Promise<T> {
    return this.serial(async () => task(await this.fresh()))
  }

  /** Within a `change`: the edition as loaded with the files just written is the live edition. */
  adopt(loaded: Loaded, written: Written[]): State {
    for (const w of written) this.own.set(resolve(this.root, w.path), w.action === 'removed' ? null : w.content)
    this.latest = this.stateOf(loaded)
    this.changed(this.latest, written.map((w) => w.path))
    return this.latest
  }

  /**
   * The watcher saw `path` change: the edition is stale, unless the file holds what this server
   * wrote. Checked once the change in progress is done, since the watcher may see a save's file
   * before the save is adopted.
   */
  touched(path: string): Promise<void> {
    return this.serial(async () => {
      const abs = resolve(path)
      if (this.own.has(abs)) {
        const now = await readFile(abs, 'utf8').catch(() => null)
        if (now === this.own.get(abs)) return
        this.own.delete(abs)
      }
      this.stale.push(relative(this.root, abs).split(sep).join('/'))
      // A burst of changes (an editor saving, a git checkout) is one load.
      clearTimeout(this.pending)
      this.pending = setTimeout(() => void this.current(), 40)
    })
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task)
    this.queue = run.catch(() => undefined)
    return run
  }

  /** Only within `serial`: the edition, loaded again if it is stale. */
  private async fresh(): Promise<State> {
    if (this.latest && !this.stale.length) return this.latest
    const paths = this.stale
    this.stale = []
    const first = !this.latest
    this.latest = this.stateOf(await loadEdition(this.root))
    if (!first) this.changed(this.latest, paths)
    return this.latest
  }

  private stateOf(loaded: Loaded): State {
    return {...(loaded.edition && !hasErrors(loaded.files) ? {edition: loaded.edition} : {}), files: loaded.files, version: ++this.version}
  }
}
