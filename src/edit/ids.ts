/**
 * Ids for new annotations: made from the words of the quote or term, as an editor would name
 * the file, and checked as the reader checks them (valid, not reserved, not taken, not clashing
 * with the places another annotation occurs).
 */
import {occurrenceClash, reservedId} from '../model/ids.js'

/** Why `id` cannot name a new annotation beside `taken`, or undefined when it can. */
export function idProblem(id: string, taken: Set<string>): string | undefined {
  if (!/^[a-z][a-z0-9-]*$/.test(id)) return `\`${id}\` is not a valid id (lowercase letters, digits and hyphens, starting with a letter)`
  const reserved = reservedId(id)
  if (reserved) return `the id \`${id}\` is reserved: ${reserved}`
  if (taken.has(id)) return `the id \`${id}\` is taken by another annotation`
  const base = occurrenceClash(id, taken)
  if (base) return `the id \`${id}\` is taken by the places \`${base}\` occurs`
  if ([...taken].some((t) => occurrenceClash(t, new Set([id])))) return `the id \`${id}\` would take the id of an annotation named \`${id}-<number>\``
  return undefined
}

/** Lowercase ASCII words of `text` (accents dropped; other scripts give none). */
const words = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean)

/** A new id from the first words of `text` (up to four, more if they are taken), else from `fallback`. */
export function newId(text: string, taken: Set<string>, fallback = 'note'): string {
  const all = words(text)
  for (let n = Math.min(4, all.length); n <= all.length; n++) {
    const id = all.slice(0, n).join('-').slice(0, 60).replace(/-+$/, '')
    if (n > 0 && !idProblem(id, taken)) return id
  }
  const words4 = all.slice(0, 4).join('-')
  // A base no suffix can make valid (one the page reserves, as `s-…`) gives way to the fallback's.
  const bases = [...(all.length && /^[a-z]/.test(all[0]!) ? [words4] : []), `${fallback}${all.length ? '-' + words4 : ''}`, fallback]
  for (const base of bases) {
    if (!idProblem(base, taken)) return base
    // Letters, not numbers: `<id>-2` would take the place of `<id>`'s second occurrence.
    for (let k = 1; k <= 26 * 26; k++) {
      const id = `${base}-${letters(k)}`
      if (!idProblem(id, taken)) return id
    }
  }
  throw new Error(`No free id for “${text}”`)
}

/** 1 → b, 25 → z, 26 → ba: base 26 in letters. */
const letters = (k: number) => [...k.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')
