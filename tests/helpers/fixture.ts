/** Temporary edition folders for tests: a whole `edition/` + `annotations/` tree from a few strings. */
import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'

export interface FixtureOptions {
  /** The established text (edition/text.md). The witness defaults to the same text. */
  text: string
  witness?: string | Uint8Array
  /** edition.yaml, whole; defaults to a minimal valid one (no interventions). */
  yaml?: string
  glossary?: Record<string, string>
  notes?: Record<string, string>
  references?: unknown[] | string
  /** Any other files, by path relative to the root. */
  files?: Record<string, string | Uint8Array>
}

export const MINIMAL_YAML = `title: A test edition
language: en
editors:
  - name: Test Editor
version: "1.0.0"
date: "2026-01-01"
licence:
  notes: CC-BY-4.0
  code: MIT
  text: Reproduced for commentary.
source:
  work:
    type: article-journal
  unknown: [author, title]
  holds: A test witness.
  repository: Example archive
  record: "1"
  url: https://example.org/record/1
style: chicago-author-date
witness: witness/w.txt
interventions: []
`

/** Front matter + body for a glossary entry. */
export function gloss(term: string, forms: string[], body = 'A term.', extra = ''): string {
  return `---\nterm: ${JSON.stringify(term)}\nforms: ${JSON.stringify(forms)}\nlabel: ${JSON.stringify(term)}\nstatus: verified\nauthor: Test\ncreated: 2026-01-01\nmodified: 2026-01-01\n${extra}---\n${body}\n`
}

/** Front matter + body for a note. */
export function note(exact: string, body = 'A note.', extra = ''): string {
  return `---\ntarget:\n  exact: ${JSON.stringify(exact)}\n${extra}status: verified\nauthor: Test\ncreated: 2026-01-01\nmodified: 2026-01-01\n---\n${body}\n`
}

export function makeEdition(options: FixtureOptions): string {
  const root = mkdtempSync(join(tmpdir(), 'edition-test-'))
  const put = (path: string, content: string | Uint8Array) => {
    mkdirSync(dirname(join(root, path)), {recursive: true})
    writeFileSync(join(root, path), content)
  }
  put('edition/text.md', options.text)
  put('edition/witness/w.txt', options.witness ?? options.text)
  put('edition/edition.yaml', options.yaml ?? MINIMAL_YAML)
  for (const [id, content] of Object.entries(options.glossary ?? {})) put(`annotations/glossary/${id}.md`, content)
  for (const [id, content] of Object.entries(options.notes ?? {})) put(`annotations/notes/${id}.md`, content)
  if (options.references !== undefined) {
    put('annotations/references.json', typeof options.references === 'string' ? options.references : JSON.stringify(options.references, null, 2))
  }
  for (const [path, content] of Object.entries(options.files ?? {})) put(path, content)
  return root
}
