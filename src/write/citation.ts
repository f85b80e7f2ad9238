/**
 * What every export says about itself: how to cite this edition (with its version and date), and
 * where its text comes from. Both are read from the model's metadata; what the source does not
 * say stays "not captured", never a guess.
 */
import type {CslItem, Edition, Intervention, Metadata} from '../model/edition.js'
import {cleanItem} from '../cite/citeproc.js'

/** The edition as a work: a citation in words and a CSL item (for bibliography exports). */
export interface EditionCitation {
  text: string
  item: CslItem
}

/** Id of the edition's own CSL item, unless a reference already uses it. */
export function editionItemId(edition: Edition): string {
  const taken = new Set(edition.references.map((r) => r.id))
  let id = 'edition'
  for (let n = 2; taken.has(id); n++) id = `edition-${n}`
  return id
}

/** "A, B and C". */
export function joinNames(names: string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export function fullTitle(meta: Metadata): string {
  return meta.subtitle ? `${meta.title}: ${meta.subtitle}` : meta.title
}

/** "Editors (ed.), Title, version V (date)": the edition's citation without its address. */
export function citationWords(meta: Metadata): string {
  const eds = meta.editors.length > 1 ? 'eds.' : 'ed.'
  return `${joinNames(meta.editors.map((e) => e.name))} (${eds}), ${fullTitle(meta)}, version ${meta.version} (${meta.date})`
}

export function editionCitation(edition: Edition): EditionCitation {
  const meta = edition.edition
  const title = fullTitle(meta)
  // The reading view's "How to cite this edition" uses the same words, so every format cites alike.
  const text = `${citationWords(meta)}.${meta.url ? ` ${meta.url}` : ''}`
  const parts = meta.date.split('-').map(Number).filter((n) => Number.isFinite(n) && n > 0)
  const item: CslItem = {
    id: editionItemId(edition),
    type: 'book',
    title,
    ...(meta.subtitle ? {'title-short': meta.title} : {}),
    editor: meta.editors.map((e) => ({literal: e.name})),
    version: meta.version,
    medium: 'Digital edition',
    issued: {'date-parts': [parts]},
    ...(meta.url ? {URL: meta.url} : {}),
    note: sourceStatement(edition)
  }
  return {text, item}
}

/** The fields of the source article, each with its value or `null` (not captured). */
export function articleFields(meta: Metadata): {field: 'author' | 'title' | 'journal' | 'year'; value: string | null}[] {
  const a = meta.source.article
  return [
    {field: 'author', value: a.author},
    {field: 'title', value: a.title},
    {field: 'journal', value: a.journal},
    {field: 'year', value: a.year}
  ]
}

/** Where the text comes from, in one paragraph of words. */
export function sourceStatement(edition: Edition): string {
  const meta = edition.edition
  const s = meta.source
  const record = s.record ? `, record ${s.record}` : ''
  const captured = s.captured ? `, captured ${s.captured}` : ''
  const fields = articleFields(meta)
    .map(({field, value}) => `${field}: ${value ?? 'not captured'}`)
    .join('; ')
  const description = s.description.trim()
  return [
    `Source: ${s.repository}${record} (${s.url})${captured}.`,
    `${description}${/[.?!]$/.test(description) ? '' : '.'}`,
    `The article's ${fields}.`,
    s.article.note ?? ''
  ]
    .filter(Boolean)
    .join(' ')
}

/** A licence's canonical address, from its SPDX id (Creative Commons ids to their deeds). */
export function licenceUrl(spdx: string): string {
  const cc = /^CC-(BY(?:-SA|-ND|-NC|-NC-SA|-NC-ND)?)-(\d\.\d)$/i.exec(spdx)
  if (cc) return `https://creativecommons.org/licenses/${cc[1]!.toLowerCase()}/${cc[2]}/`
  if (/^CC0-1\.0$/i.test(spdx)) return 'https://creativecommons.org/publicdomain/zero/1.0/'
  return `https://spdx.org/licenses/${encodeURIComponent(spdx)}.html`
}

/** Editorial interventions in words, one line each. */
export function interventionText(i: Intervention): string {
  const where =
    i.type === 'omission'
      ? `Witness lines ${i.lines[0]}–${i.lines[1]} omitted.`
      : `Witness line ${i.line}, column ${i.column}: “${i.original}” → “${i.reading}”.`
  return `${where} ${i.description.trim()} Why: ${i.reason.trim()}`
}

/** Dates and times for formats that want xsd:dateTime; a bare date is midnight UTC. */
export function dateTime(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? `${date}T00:00:00Z` : date
}

/** URLs a reader may follow; anything else (javascript:, data:, …) is dropped by every writer. */
export function safeUrl(url: string | undefined | null): string | undefined {
  if (!url) return undefined
  const trimmed = url.trim()
  if (trimmed.startsWith('#')) return trimmed
  try {
    const u = new URL(trimmed)
    return ['http:', 'https:', 'mailto:'].includes(u.protocol) ? trimmed : undefined
  } catch {
    return undefined
  }
}

/** The bibliography as CSL-JSON items: the edition itself first, then the works, without extension fields. */
export function cslItems(edition: Edition): CslItem[] {
  return [editionCitation(edition).item as CslItem, ...edition.references.map(cleanItem)]
}
