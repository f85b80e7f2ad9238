/**
 * Stable sentence ids, derived from content so that editing one sentence changes only its id.
 * The hash is plain JavaScript (cyrb53) so the browser-side authoring tools compute the same ids.
 */

/** 53-bit string hash (cyrb53, public domain). */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed
  let h2 = 0x41c6ce57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ ch, 2654435761)
    h2 = Math.imul(h2 ^ ch, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/** Canonical form for hashing: Unicode NFC, runs of whitespace as one space. */
function canonical(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim()
}

/**
 * Ids for `texts`, in order: `s-` and 8 base-36 characters of the hash (41 bits: a collision is
 * unlikely below millions of sentences). Repeated sentences (or colliding hashes) get `-2`, `-3`,
 * … in text order, so the ids are deterministic.
 */
export function sentenceIds(texts: string[]): string[] {
  const seen = new Map<string, number>()
  return texts.map((text) => {
    const base = 's-' + hash53(canonical(text)).toString(36).padStart(11, '0').slice(-8)
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return count === 1 ? base : `${base}-${count}`
  })
}
