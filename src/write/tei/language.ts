/**
 * Languages in TEI: a tag `xml:lang` accepts, a language's name for `<language>`, and whether a
 * title is in a work's language (CSL's `language` names the work's, not each title's).
 */

/** `tag` as a canonical BCP 47 tag, or undefined when it is not one (CSL allows any string). */
export function languageTag(tag: string | undefined): string | undefined {
  if (!tag?.trim()) return undefined
  try {
    return Intl.getCanonicalLocales(tag.trim())[0]
  } catch {
    return undefined
  }
}

/** "German" for `de`; the tag itself when the runtime has no name for it. */
export function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames(['en'], {type: 'language'}).of(tag) ?? tag
  } catch {
    return tag
  }
}

const primary = (tag: string) => tag.split('-')[0]!.toLowerCase()

/** Writing systems that are several Unicode scripts. */
const SCRIPT_SETS: Record<string, string[]> = {Kore: ['Hangul', 'Han'], Jpan: ['Han', 'Hiragana', 'Katakana'], Hans: ['Han'], Hant: ['Han']}

/** A test for letters of the script `tag` is usually written in, or undefined when that is not known. */
function scriptTest(tag: string): RegExp | undefined {
  try {
    const script = new Intl.Locale(tag).maximize().script
    if (!script) return undefined
    return new RegExp(`[${(SCRIPT_SETS[script] ?? [script]).map((s) => `\\p{Script=${s}}`).join('')}]`, 'u')
  } catch {
    return undefined
  }
}

/**
 * The `xml:lang` of a work's titles: its CSL `language` when that differs from the document's,
 * for a title written in that language's script. A work's language is not always its titles'
 * (a Korean article cited under a title the editors supplied in English, a Russian entry on an
 * English-named site), and a title with no letter of the script cannot be in it; a title in the
 * right script is taken to be in the work's language.
 */
export function titleLanguage(language: string | undefined, document: string): (title: string) => string | undefined {
  const tag = languageTag(language)
  if (!tag || primary(tag) === primary(document)) return () => undefined
  const test = scriptTest(tag)
  return (title) => (!test || test.test(title) ? tag : undefined)
}
