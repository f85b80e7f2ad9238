/** The nearest of a few names to a misspelt one, for "did you mean …?" in messages. */

/**
 * Edit distance with transpositions counted as one edit (`titel` → `title`), the commonest
 * typing slip; stops early beyond `max` (names are short: this is cheap).
 */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let before: number[] = []
  let previous = Array.from({length: b.length + 1}, (_, j) => j)
  let previousBest = 0
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1)
      row[j] = d
      best = Math.min(best, d)
    }
    // A transposition reaches back two rows: stop when two rows in a row are beyond `max`.
    if (best > max && previousBest > max) return max + 1
    previousBest = best
    before = previous
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
