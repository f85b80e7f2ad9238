/**
 * Which language a run of text is in, as far as its script tells: runs of a script written for one
 * language are marked with it (so they are read aloud as such); scripts of many languages are left
 * unmarked rather than marked wrongly.
 */
import {h} from 'hastscript'
import type {Element} from 'hast'
import {joined} from './clean.js'

/** The language of the interface: headings, buttons, labels, the apparatus's own words. */
export const UI_LANG = 'en'

/**
 * Scripts written, in practice, for one language only. A script of many languages (Cyrillic,
 * Arabic, Greek, Devanagari, ...) is not here: its runs get no `lang` rather than a wrong one.
 * Matched by Script_Extensions, so marks shared within one language's scripts (the kana's
 * prolonged sound mark) count as that language.
 */
const SCRIPT_LANGUAGES: [RegExp, string][] = (
  [
    ['Hangul', 'ko'],
    ['Hiragana', 'ja'],
    ['Katakana', 'ja'],
    ['Thai', 'th'],
    ['Lao', 'lo'],
    ['Khmer', 'km'],
    ['Georgian', 'ka'],
    ['Armenian', 'hy'],
    ['Sinhala', 'si'],
    ['Thaana', 'dv'],
    ['Gujarati', 'gu'],
    ['Gurmukhi', 'pa'],
    ['Kannada', 'kn'],
    ['Malayalam', 'ml'],
    ['Oriya', 'or'],
    ['Telugu', 'te'],
    ['Tamil', 'ta']
  ] as const
).map(([script, lang]) => [new RegExp(`\\p{Script_Extensions=${script}}`, 'u'), lang])

const LATIN = /\p{Script=Latin}/u
const COMMON = /[\p{Script=Common}\p{Script=Inherited}]/u
const HAN = /\p{Script=Han}/u

/**
 * A character's script, as a language: a tag for a script of one language, `Latin`, `Han`
 * (Chinese, Japanese and Korean share it), `''` for any other script, `undefined` for the
 * characters every script shares (spaces, digits, most punctuation).
 */
function scriptKey(c: string): string | undefined {
  if (LATIN.test(c)) return 'Latin'
  if (HAN.test(c)) return 'Han'
  const languages = new Set(SCRIPT_LANGUAGES.filter(([re]) => re.test(c)).map(([, lang]) => lang))
  if (languages.size === 1) return [...languages][0]
  return COMMON.test(c) ? undefined : ''
}

/**
 * Runs of a script written for one language, marked with that language unless it is `base`'s.
 * Han joins the kana or Hangul next to it (Japanese, Korean with hanja); alone it stays unmarked,
 * like every script of many languages.
 */
export function languageRuns(text: string, base: string): (Element | string)[] {
  const runs: {key: string | undefined; text: string}[] = []
  for (const c of text) {
    const key = scriptKey(c)
    const last = runs.at(-1)
    if (last && last.key === key) last.text += c
    else runs.push({key, text: c})
  }
  const keyed = (i: number, step: number) => {
    for (let j = i + step; j >= 0 && j < runs.length; j += step) if (runs[j]!.key !== undefined) return runs[j]!.key
    return undefined
  }
  const joins = (k: string | undefined) => k === 'ko' || k === 'ja'
  runs.forEach((r, i) => {
    if (r.key !== 'Han') return
    const before = keyed(i, -1)
    const after = keyed(i, 1)
    if (joins(before) && (!joins(after) || after === before)) r.key = before
    else if (joins(after) && !joins(before)) r.key = after
  })
  const language = (k: string | undefined) => (k && !['Latin', 'Han'].includes(k) && k !== base.split('-')[0]!.toLowerCase() ? k : undefined)
  const out: (Element | string)[] = []
  for (let i = 0; i < runs.length; i++) {
    const lang = language(runs[i]!.key)
    if (!lang) {
      out.push(runs[i]!.text)
      continue
    }
    // One span across the common characters between two runs of the same language.
    let j = i
    while (j + 2 < runs.length && runs[j + 1]!.key === undefined && runs[j + 2]!.key === runs[i]!.key) j += 2
    out.push(h('span', {lang}, runs.slice(i, j + 1).map((r) => r.text).join('')))
    i = j
  }
  return joined(out)
}

/** The one language `text` is written in, when its script says so and it is not `base`'s. */
export function languageOf(text: string, base: string): string | undefined {
  const runs = languageRuns(text, base).filter((r) => typeof r !== 'string' || r.trim())
  const only = runs.length === 1 ? runs[0] : undefined
  return typeof only === 'object' ? String(only.properties.lang) : undefined
}
