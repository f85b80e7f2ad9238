/**
 * Vite plugin: `npm start`'s dev server. It serves the reading view at `/`, built by the same
 * pipeline as `edition build`, and lets an editor annotate in it:
 *
 * 1. the page, with what only the dev server adds to it: the authoring script and its styles,
 *    the per-run token and the hash of the text the page shows (`devHead`);
 * 2. the authoring endpoints (`api.ts`), guarded (`guard.ts`), which write annotation files
 *    through the edit functions the CLI uses;
 * 3. news of every change (a save, or a file changed by hand) to every open page, as a custom
 *    HMR event the authoring script answers by updating the page in place.
 *
 * The built page (`edition build`, `dist/`) and every export have none of this: `renderPage`
 * adds nothing to the head unless given it, and only this plugin gives it.
 */
import {readFileSync} from 'node:fs'
import type {IncomingMessage, ServerResponse} from 'node:http'
import {basename, join, resolve} from 'node:path'
import {h} from 'hastscript'
import type {ElementContent} from 'hast'
import type {Plugin, ViteDevServer} from 'vite'
import {textHash} from '../anchor/types.js'
import type {Edition} from '../model/edition.js'
import {renderPage} from '../write/view/index.js'
import {formatMessages} from '../cli/report.js'
import {isTemporary, removeLeftovers} from '../edit/files.js'
import {authoringApi} from './api.js'
import {newToken, pageRefusal} from './guard.js'
import {Live, type State} from './live.js'
import {keepBodies} from '../load/cache.js'

/** Where the authoring script and its styles are served (dev only). */
export const ASSETS = '/__edition/'
const VIEW = resolve(import.meta.dirname, '../view')
const SCRIPT = `${ASSETS}author.js`
// The script is a module Vite serves (it imports Vite's client, which carries the server's events).
const SCRIPT_ID = '\0edition-author.js'

/** The header of the authoring script's request for the page as it is now. */
const REFRESH = 'x-edition-refresh'

/** The custom HMR event every page is sent when the edition changes. */
export const CHANGED = 'edition:changed'

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&${({'&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot'} as const)[c as '&']};`)

/**
 * What the dev server adds to the page's head: the authoring script and styles, the token, the
 * hash of the text the page shows (a new note's target carries it), the version of the edition
 * (a page brought up to date knows what it shows), and who edits by default.
 */
function devHead(state: State & {edition: Edition}, token: string): ElementContent[] {
  const {edition} = state
  return [
    h('meta', {name: 'edition-author-token', content: token}),
    h('meta', {name: 'edition-text-hash', content: textHash(edition.text)}),
    h('meta', {name: 'edition-version', content: String(state.version)}),
    h('meta', {name: 'edition-editor', content: edition.meta.editors[0]?.name ?? ''}),
    h('link', {rel: 'stylesheet', href: `${ASSETS}author.css`}),
    h('script', {type: 'module', src: SCRIPT})
  ]
}

function errorPage(report: string): string {
  // Reloads itself when the edition changes again (no authoring script here: there is no edition to annotate).
  const reload = `import {createHotContext} from '/@vite/client'; createHotContext('${ASSETS}errors').on('${CHANGED}', () => location.reload())`
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Edition errors</title></head><body><main><h1>The edition has errors</h1><pre>${escape(report)}</pre></main><script type="module">${reload}</script></body></html>`
}

export function editionPlugin(options: {root?: string} = {}): Plugin {
  const root = resolve(options.root ?? '.')
  const watched = [join(root, 'edition'), join(root, 'annotations')]
  const token = newToken()
  let page: {version: number; html: string; status: number} | undefined

  function pageOf(state: State) {
    if (page?.version !== state.version) {
      page = state.edition
        ? {version: state.version, status: 200, html: renderPage(state.edition, {head: devHead({...state, edition: state.edition}, token)})}
        : {version: state.version, status: 500, html: errorPage(formatMessages(state.files, {infos: false}))}
    }
    return page
  }

  async function servePage(server: ViteDevServer, req: IncomingMessage, res: ServerResponse) {
    const refused = pageRefusal(req)
    if (refused) {
      res.writeHead(403, {'Content-Type': 'text/plain; charset=utf-8'}).end(refused)
      return
    }
    const {status, html} = pageOf(await live.current())
    res.writeHead(status, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'})
    // The authoring script fetches the page to put its new parts in place: it needs them, not Vite's client.
    res.end(req.headers[REFRESH] === '1' ? html : await server.transformIndexHtml(req.url ?? '/', html))
  }

  let live: Live
  return {
    name: 'edition',
    apply: 'serve',
    resolveId: (id) => (id === SCRIPT ? SCRIPT_ID : undefined),
    load: (id) => (id === SCRIPT_ID ? readFileSync(join(VIEW, 'author.js'), 'utf8') : undefined),
    async configureServer(server) {
      let reported = ''
      // The server loads the edition again after every save: each note's parsed text is kept.
      keepBodies()
      live = new Live(root, (state, paths) => {
        server.ws.send({type: 'custom', event: CHANGED, data: {version: state.version, ok: !!state.edition, paths}})
      })
      // Temporary files of a write that a killed server left half-done.
      for (const dir of ['glossary', 'notes', '']) await removeLeftovers(join(root, 'annotations', dir))
      server.watcher.add([...watched, VIEW])
      server.watcher.on('all', (_event, path) => {
        // A write's temporary file comes and goes before the file it becomes: that file is the news.
        if (isTemporary(basename(path))) return
        if (watched.some((dir) => path.startsWith(dir + '/'))) void live.touched(path)
        // The page's own script or styles changed: a page keeps what the editor is writing, and reloads when it can.
        else if (path.startsWith(VIEW + '/')) {
          page = undefined
          // The script is served under a virtual id, which Vite does not tie to its file: its transform is dropped here.
          const script = server.environments.client.moduleGraph.getModuleById(SCRIPT_ID)
          if (script) server.environments.client.moduleGraph.invalidateModule(script)
          server.ws.send({type: 'custom', event: CHANGED, data: {assets: true}})
        }
      })
      server.middlewares.use(authoringApi(live, token, (state) => pageOf(state).html))
      server.middlewares.use(async (req, res, next) => {
        const url = (req.url ?? '/').split('?')[0]!
        if (url === '/' || url === '/index.html') {
          await servePage(server, req, res)
          const state = await live.current()
          const report = formatMessages(state.files, {infos: false})
          if (report !== reported) server.config.logger.warn((reported = report))
          return
        }
        if (url !== `${ASSETS}author.css`) return next()
        res.writeHead(200, {'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-store'}).end(readFileSync(join(VIEW, 'author.css')))
      })
    }
  }
}
