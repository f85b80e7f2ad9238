/**
 * Pandoc citation syntax, as historians using Pandoc, Zotero and Quarto write it:
 * `[@key]`, `[@key, 99–102]`, `[see @key, p. 33; also @other, chap. 2]`, `[-@key]`,
 * and in-text `@key` or `@key [p. 870]`.
 */
import type {Citation} from '../model/edition.js'
import {LOCATORS} from '../model/words.js'

export interface CitationGroup {
  /** Offsets of the whole citation in the string. */
  start: number
  end: number
  items: (Citation & {/** offset of the `@` */ at: number})[]
  /** `@key` written in running text (author named in the sentence). */
  inText: boolean
}

// Pandoc: a key starts with a letter, digit or _, and may hold internal punctuation.
const KEY = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&+?<>~/-](?=[\p{L}\p{N}_]))*`
const BRACKETED = /\[([^\[\]]*?-?@[^\[\]]*)\](?!\()/gu
const IN_TEXT = new RegExp(String.raw`(?<![\p{L}\p{N}_@\[-])@(${KEY})(?:\s?\[([^\[\]]*)\])?`, 'gu')
const ITEM = new RegExp(String.raw`^(.*?)(-?)@(${KEY})(.*)$`, 'su')

/** Split what follows a key (`, p. 33, emphasis mine`) into locator, label and suffix. */
export function parseLocator(rest: string): Pick<Citation, 'locator' | 'label' | 'suffix'> {
  let text = rest.replace(/^\s*,?\s*/u, '')
  if (!text) return {}
  let label: string | undefined
  for (const l of LOCATORS) {
    if (l.parse.test(text)) {
      label = l.label
      text = text.replace(l.parse, '')
      break
    }
  }
  // A locator is numbers, roman numerals and ranges; anything after a comma is a suffix.
  const m = /^((?:[\p{N}ivxlcdmIVXLCDM]+[a-z]?(?:\s*[-–—]\s*[\p{N}ivxlcdmIVXLCDM]+[a-z]?)?)(?:\s*,\s*(?=[\p{N}])[\p{N}]+(?:\s*[-–—]\s*[\p{N}]+)?)*)(.*)$/u.exec(text)
  if (m && (label || /^\p{N}/u.test(text))) {
    const suffix = m[2]!.replace(/^\s*,?\s*/u, '')
    return {locator: m[1]!.trim(), label: label ?? 'page', ...(suffix ? {suffix} : {})}
  }
  return label ? {locator: text.trim(), label} : {suffix: rest.replace(/^\s*,?\s*/u, '')}
}

/** Every citation in `text`, in order. */
export function findCitations(text: string): CitationGroup[] {
  const groups: CitationGroup[] = []
  // exec, not matchAll, which would copy (and compile again) the expression at every call.
  BRACKETED.lastIndex = 0
  for (let m = BRACKETED.exec(text); m; m = BRACKETED.exec(text)) {
    const inner = m[1]!
    const items: CitationGroup['items'] = []
    let offset = m.index + 1
    let ok = true
    for (const part of inner.split(';')) {
      const im = ITEM.exec(part)
      if (!im) {
        ok = false
        break
      }
      const [, prefix, minus, key, rest] = im
      const at = offset + prefix!.length + minus!.length
      const loc = parseLocator(rest!)
      items.push({
        key: key!,
        at,
        ...(prefix!.trim() ? {prefix: prefix!.trim()} : {}),
        ...(minus ? {suppressAuthor: true} : {}),
        ...loc
      })
      offset += part.length + 1
    }
    if (ok && items.length) groups.push({start: m.index, end: m.index + m[0].length, items, inText: false})
  }
  const inside = (i: number) => groups.some((g) => i >= g.start && i < g.end)
  IN_TEXT.lastIndex = 0
  for (let m = IN_TEXT.exec(text); m; m = IN_TEXT.exec(text)) {
    if (inside(m.index)) continue
    const loc = m[2] !== undefined ? parseLocator(m[2]) : {}
    groups.push({start: m.index, end: m.index + m[0].length, items: [{key: m[1]!, at: m.index, ...loc}], inText: true})
  }
  return groups.sort((a, b) => a.start - b.start)
}

/** One citation item written without brackets (`@key, chap. 2`, `see @key`), as in `further-reading`. */
export function parseCitationItem(text: string): Citation | undefined {
  const im = ITEM.exec(text.trim())
  if (!im) return undefined
  const [, prefix, minus, key, rest] = im
  if (/@/.test(rest!)) return undefined
  return {key: key!, ...(prefix!.trim() ? {prefix: prefix!.trim()} : {}), ...(minus ? {suppressAuthor: true} : {}), ...parseLocator(rest!)}
}
