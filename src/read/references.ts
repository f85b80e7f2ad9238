/**
 * Reading the bibliography: `annotations/references.json` (CSL-JSON, as Zotero exports it)
 * and/or `annotations/references.bib` (BibTeX, read by citation-js), each item checked against
 * the CSL-JSON schema with located errors.
 */
import {join} from 'node:path'
import type {VFile} from 'vfile'
import type {CslItem} from '../model/edition.js'
import {error, lineIndex, type Place} from '../model/messages.js'
import {readText} from './files.js'
import {readYaml} from './yaml.js'
import {validator} from './schemas.js'

export interface References {
  items: CslItem[]
  /** The file each item came from, and where it is written there. */
  where(id: string): {file: VFile; place: Place} | undefined
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export async function readReferences(root: string, display: (p: string) => string, files: VFile[]): Promise<References> {
  const items: CslItem[] = []
  const places = new Map<string, {file: VFile; place: Place}>()
  const json = await readText(join(root, 'annotations/references.json'), display('annotations/references.json'))
  if (!json.messages.some((m) => m.ruleId === 'missing-file')) {
    files.push(json)
    const text = String(json.value)
    let ok = !json.messages.some((m) => m.fatal)
    let data: unknown
    try {
      if (ok) data = JSON.parse(text)
    } catch (cause) {
      const msg = (cause as Error).message
      const pos = /position (\d+)/.exec(msg)
      error(json, `Invalid JSON: ${msg}`, pos ? lineIndex(json).place(Number(pos[1])) : {line: 1, column: 1}, 'json-syntax')
      ok = false
    }
    const validate = validator<CslItem[]>('references.schema.json')
    // A valid file is read as JSON (fast); only an invalid one is read again as YAML (JSON is
    // YAML), whose reader gives every schema error its line and column. Places are found the
    // same way, when a message needs one.
    let located: ReturnType<typeof readYaml<CslItem[]>> | null = null
    const locate = (path: (string | number)[]) => {
      if (located === null) located = readYaml<CslItem[]>(json, text, 0, validate, 'references.json')
      return located?.at(path) ?? {line: 1, column: 1}
    }
    const valid = ok && validate(data) ? (data as CslItem[]) : ok ? (locate([]), undefined) : undefined
    if (valid) {
      valid.forEach((item, i) => {
        if (places.has(item.id)) {
          error(json, `Duplicate reference id \`${item.id}\``, locate([i, 'id']), 'duplicate-id')
          return
        }
        places.set(item.id, {file: json, get place() { return locate([i, 'id']) }})
        items.push(item)
      })
    }
  }
  const bib = await readText(join(root, 'annotations/references.bib'), display('annotations/references.bib'))
  if (!bib.messages.some((m) => m.ruleId === 'missing-file')) {
    files.push(bib)
    const text = String(bib.value)
    try {
      // Loaded only for an edition that has a BibTeX file.
      const {Cite} = await import('../cite/citation-js.js')
      const parsed = (await Cite.async(text, {forceType: '@biblatex/text'})).data as CslItem[]
      const check = validator<CslItem[]>('references.schema.json')
      for (const raw of parsed) {
        // citation-js keeps the BibTeX key as `citation-key`; it is the id authors cite.
        const item = {...raw, id: String(raw['citation-key'] ?? raw.id)}
        const at = text.search(new RegExp(`\\{\\s*${escapeRegExp(item.id)}\\s*,`))
        const place = lineIndex(bib).place(Math.max(at, 0))
        if (check([item])) {
          if (places.has(item.id)) continue
          places.set(item.id, {file: bib, place})
          items.push(item)
        } else {
          for (const e of check.errors ?? []) error(bib, `Entry \`${item.id}\`: ${e.instancePath.replace(/^\/0\/?/, '') || 'entry'} ${e.message}`, place, 'bibtex-entry')
        }
      }
    } catch (cause) {
      const msg = (cause as Error).message
      const line = /line (\d+)/i.exec(msg)
      error(bib, `Cannot read BibTeX: ${msg.split('\n')[0]}`, {line: line ? Number(line[1]) : 1, column: 1}, 'bibtex-syntax')
    }
  }
  return {items, where: (id) => places.get(id)}
}
