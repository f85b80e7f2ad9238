/** Plain-text layout: section headings, and hanging indents that leave every line's words intact. */

/** `TITLE` over a rule of `=`. */
export function heading(s: string): string {
  return `${s}\n${'='.repeat(s.length)}`
}

/** `text` with every line after the first indented by `width` (blank lines stay empty). */
export function indent(text: string, width: number): string {
  return text.replace(/\n(?!\n)/g, `\n${' '.repeat(width)}`)
}

/** `label` then `text`, its further lines indented to `width`. */
export function hang(label: string, text: string, width = label.length): string {
  return label.padEnd(width) + indent(text, width)
}

/** "a, b and c". */
export function series(items: string[], last = ' and '): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')}${last}${items.at(-1)}`
}

/** A quotation on one line. */
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim()
