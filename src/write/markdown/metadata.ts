/**
 * The YAML metadata block: what Pandoc's templates print (title, editors, date, language,
 * rights), how to cite the edition and its source, and the bibliography as CSL (`references:`),
 * so `pandoc --citeproc` needs no other file. Pandoc reads every metadata string as Markdown, so
 * each is escaped as text is; YAML's own quoting is the `yaml` library's.
 */
import type {Yaml} from 'mdast'
import {stringify} from 'yaml'
import type {Edition} from '../../model/edition.js'
import {cleanItem} from '../../model/csl.js'
import {editionCitation, licenceName, sourceStatement} from '../../model/words.js'
import {escapeMarkdown, stripInvalid} from './dialect.js'

/** Strings as Markdown that reads back as themselves; numbers, booleans and structure as they are. */
function asMarkdown(value: unknown): unknown {
  if (typeof value === 'string') return escapeMarkdown(stripInvalid(value))
  if (Array.isArray(value)) return value.map(asMarkdown)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, asMarkdown(v)]))
  return value
}

export function metadata(edition: Edition): Yaml {
  const meta = edition.meta
  const fields = {
    title: meta.title,
    subtitle: meta.subtitle,
    author: meta.editors.map((e) => e.name),
    date: meta.date,
    version: meta.version,
    lang: meta.language,
    rights: `${meta.licence.text.trim()} Notes, glossary and apparatus: ${licenceName(meta.licence.notes)}.`,
    'citation-text': editionCitation(edition).text,
    source: sourceStatement(meta),
    references: edition.references.map(cleanItem)
  }
  const value = {...(asMarkdown(fields) as object), 'link-citations': true}
  return {type: 'yaml', value: stringify(value, {lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN'}).trimEnd()}
}
