/**
 * Vite plugin: serves the reading view at `/`, built by the same pipeline as `edition build`,
 * and reloads the page when anything in `edition/`, `annotations/` or the view's assets changes.
 */
import {join, resolve} from 'node:path'
import type {Plugin} from 'vite'
import {loadEdition} from '../load/index.js'
import {renderPage} from '../write/view/index.js'
import {formatMessages} from '../cli/report.js'

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&${({'&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot'} as const)[c as '&']};`)

export function editionPlugin(options: {root?: string} = {}): Plugin {
  const root = resolve(options.root ?? '.')
  const watched = [join(root, 'edition'), join(root, 'annotations'), resolve(import.meta.dirname, '../view')]
  return {
    name: 'edition',
    configureServer(server) {
      server.watcher.add(watched)
      server.watcher.on('all', (_event, path) => {
        if (watched.some((dir) => path.startsWith(dir))) server.ws.send({type: 'full-reload'})
      })
      server.middlewares.use(async (req, res, next) => {
        const url = (req.url ?? '/').split('?')[0]
        if (url !== '/' && url !== '/index.html') return next()
        const {edition, files} = await loadEdition(root)
        const report = formatMessages(files, {infos: false})
        if (report) server.config.logger.warn(report)
        let html: string
        if (edition) {
          html = renderPage(edition)
        } else {
          res.statusCode = 500
          html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Edition errors</title></head><body><main><h1>The edition has errors</h1><pre>${escape(report)}</pre></main></body></html>`
        }
        res.setHeader('Content-Type', 'text/html; charset=utf-8')
        res.end(await server.transformIndexHtml(url, html))
      })
    }
  }
}
