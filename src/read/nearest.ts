/** The nearest of a few names to a misspelt one, for "did you mean …?" in messages. */

/** Levenshtein distance, stopping early beyond `max` (names are short: this is cheap). */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      best = Math.min(best, row[j]!)
    }
    if (best > max) return max + 1
    previous = row
  }
  return previous[b.length]!
}

/**
 * The candidate closest to `word` (ignoring case), if it is close enough to be a misspelling:
 * at most a third of its letters differ. Names longer than 64 characters are never compared.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase()
  if (w.length > 64) return undefined
  const max = Math.max(1, Math.floor(w.length / 3))
  let best: string | undefined
  let bestDistance = max + 1
  for (const c of candidates) {
    const d = distance(w, c.toLowerCase(), Math.min(max, bestDistance))
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}
