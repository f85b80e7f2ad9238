/**
 * Who may use the authoring endpoints of the dev server, and see the page that carries their
 * token. The endpoints write files into the repository, so a request is accepted only
 *
 * - over a loopback connection (the server listens on 127.0.0.1; this holds even if it is
 *   started with `--host`);
 * - with a `Host` of 127.0.0.1, localhost or [::1] at the server's own port, so a page whose
 *   name was made to resolve to 127.0.0.1 (DNS rebinding) gets nothing;
 * - for the endpoints: with an `Origin` that is this page's own (browsers send it with every
 *   POST, PUT and DELETE, and a page cannot forge it), and the per-run token the page received
 *   when it was served (a random 256-bit value, new at every start, compared in constant time).
 *
 * Every refusal is a 403 that says which check failed.
 */
import {randomBytes, timingSafeEqual} from 'node:crypto'
import type {IncomingMessage} from 'node:http'

/** The header that carries the token. */
export const TOKEN_HEADER = 'x-edition-token'

export const newToken = () => randomBytes(32).toString('base64url')

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

/** The hosts the page may be asked for by, at `port`. */
const hostsAt = (port: number) => new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])

/** Why the page (which carries the token) must not be served for `req`; undefined when it may. */
export function pageRefusal(req: IncomingMessage): string | undefined {
  const remote = req.socket.remoteAddress ?? ''
  if (!LOOPBACK.has(remote)) return `the authoring server answers only this computer (127.0.0.1), not ${remote}`
  const host = req.headers.host ?? ''
  if (!hostsAt(req.socket.localPort ?? 0).has(host.toLowerCase())) return `the Host \`${host}\` is not this server (ask for 127.0.0.1 or localhost at port ${req.socket.localPort})`
  // A page elsewhere may link here, but not read the page with a script.
  const origin = req.headers.origin
  if (origin !== undefined && origin !== `http://${host}`) return `a page at ${origin} may not read this page`
  return undefined
}

/** Why an endpoint request must be refused; undefined when it is the page's own. */
export function apiRefusal(req: IncomingMessage, token: string): string | undefined {
  const page = pageRefusal(req)
  if (page) return page
  const origin = req.headers.origin
  if (origin === undefined) return 'the request has no Origin: only the edition’s page may write'
  const site = req.headers['sec-fetch-site']
  if (site !== undefined && site !== 'same-origin') return `the request comes from another site (${String(site)})`
  const given = req.headers[TOKEN_HEADER]
  if (typeof given !== 'string' || !given) return `the request has no token (${TOKEN_HEADER}): reload the page`
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  if (a.length !== b.length || !timingSafeEqual(a, b)) return 'the token is not this run’s: the server was restarted since the page was loaded; reload the page'
  return undefined
}
