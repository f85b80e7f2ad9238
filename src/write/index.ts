/**
 * The writers: one module a format, each reading the `Edition` model only.
 * Adding a format is adding one entry here.
 */
import {readFileSync} from 'node:fs'
import type {Edition} from '../model/edition.js'
import {toolkitFile} from '../model/toolkit.js'
import {toJson} from './json.js'
import {renderPage} from './view/index.js'
import {toTei} from './tei/index.js'
import {toMarkdown} from './markdown/index.js'
import {toJsonLd} from './jsonld.js'
import {toCslJson} from './csl.js'
import {toBibtex} from './bibtex.js'
import {toText} from './txt/index.js'
import {toHtmlFile} from './html.js'

export interface Writer {
  /** File name `edition build` writes this format to. */
  file: string
  mediaType: string
  description: string
  write(edition: Edition): string | Promise<string>
  /** Files `edition build` writes beside this format's, which its readers need (by file name). */
  companions?: Record<string, () => string>
}

const asset = (path: string) => () => readFileSync(toolkitFile(path)!, 'utf8')

export const writers: Record<string, Writer> = {
  view: {file: 'index.html', mediaType: 'text/html', description: 'The reading view', write: (e) => renderPage(e)},
  json: {file: 'edition.json', mediaType: 'application/json', description: 'The Edition model as JSON', write: toJson},
  tei: {file: 'edition.xml', mediaType: 'application/tei+xml', description: 'TEI P5: header, introduction, sentences with the apparatus in place, glossary, notes with their evidence, bibliography', write: toTei, companions: {'ceteicean-behaviours.js': asset('write/tei/ceteicean-behaviours.js')}},
  md: {file: 'edition.md', mediaType: 'text/markdown', description: 'Pandoc Markdown: metadata, linked glossary, notes as footnotes, sources, citations', write: toMarkdown},
  jsonld: {file: 'annotations.jsonld', mediaType: 'application/ld+json', description: 'W3C Web Annotations: notes and glossary as an AnnotationCollection', write: toJsonLd},
  csl: {file: 'references.json', mediaType: 'application/vnd.citationstyles.csl+json', description: 'The bibliography as CSL-JSON (the edition itself first)', write: toCslJson},
  bibtex: {file: 'references.bib', mediaType: 'application/x-bibtex', description: 'The bibliography as BibLaTeX (the edition itself first)', write: toBibtex},
  txt: {file: 'edition.txt', mediaType: 'text/plain', description: 'Plain text for e-mail and quoting: one numbered sentence a line, numbered notes, glossary, bibliography', write: toText},
  html: {file: 'edition.html', mediaType: 'text/html', description: 'The cited edition as one self-contained HTML file', write: toHtmlFile}
}

