/** The endpoints' HTTP: a JSON body read within a limit, JSON answers, and errors with a status. */
import type {IncomingMessage, ServerResponse} from 'node:http'

/** The largest request body accepted (a note of some 250 000 characters). Larger: 413. */
export const BODY_LIMIT = 256 * 1024

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** More for the client (details, messages, the file as it is now). */
    readonly extra: Record<string, unknown> = {}
  ) {
    super(message)
  }
}

/** The request's JSON body: 415 if it is not JSON, 413 if it is over `BODY_LIMIT`, 400 if it does not parse. */
export async function readJson(req: IncomingMessage, limit = BODY_LIMIT): Promise<unknown> {
  const type = req.headers['content-type'] ?? ''
  const declared = Number(req.headers['content-length'] ?? NaN)
  let over = declared > limit
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    // Read to the end (and drop) what is over the limit, so the client gets the answer, not a reset.
    if (size > limit) over = true
    else chunks.push(chunk)
    if (size > limit * 16) break
  }
  if (over) throw new HttpError(413, `the request is over ${limit / 1024} KiB`)
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'send JSON (Content-Type: application/json)')
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch (cause) {
    throw new HttpError(400, `the request is not JSON: ${(cause as Error).message}`)
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff'})
  res.end(text)
}
