/**
 * W3C TextPositionSelectors count Unicode code points; JavaScript strings (and the model's
 * offsets) count UTF-16 code units. The two differ after any character outside the Basic
 * Multilingual Plane (𝔄, emoji, many CJK extension characters). This index converts both ways
 * in O(log n), and is the identity for texts without such characters.
 */
export class CodePoints {
  /** UTF-16 offsets of the second half of each surrogate pair, ascending. */
  private readonly lows: number[] = []

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
        const d = text.charCodeAt(i + 1)
        if (d >= 0xdc00 && d <= 0xdfff) this.lows.push(++i)
      }
    }
  }

  /** Number of entries of `lows` below `limit` (applied to `value(k)`). */
  private count(limit: number, value: (k: number) => number): number {
    let lo = 0
    let hi = this.lows.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (value(mid) < limit) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Code-point position of UTF-16 offset `offset`. */
  fromUtf16(offset: number): number {
    return offset - this.count(offset, (k) => this.lows[k]!)
  }

  /** UTF-16 offset of code-point position `position`. */
  toUtf16(position: number): number {
    // The k-th low surrogate sits at code-point position lows[k] - k.
    return position + this.count(position + 1, (k) => this.lows[k]! - k)
  }
}
