/**
 * The writers: one module a format, each reading the `Edition` model only.
 * Adding a format is adding one entry here.
 */
import type {Edition} from '../model/edition.js'
import {toJson} from './json.js'
import {renderPage} from './view.js'

export interface Writer {
  /** File name `edition build` writes this format to. */
  file: string
  mediaType: string
  description: string
  write(edition: Edition): string | Promise<string>
}

export const writers: Record<string, Writer> = {
  view: {file: 'index.html', mediaType: 'text/html', description: 'The reading view', write: (e) => renderPage(e)},
  json: {file: 'edition.json', mediaType: 'application/json', description: 'The Edition model as JSON', write: toJson}
}
