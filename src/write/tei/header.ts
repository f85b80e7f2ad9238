/**
 * `<teiHeader>`: who made the edition, its version and licences, how to cite it, its source
 * (`source.ts`), the editorial interventions (each with the `xml:id` the text's `<choice>` and
 * `<gap>` point at), what the statuses mean (each with the `xml:id` annotations' `@ana` point at)
 * and what evidence and further reading are, and the languages used.
 */
import type {Element} from 'xast'
import {editionCitation, EVIDENCE, interventionText, licenceUrl} from '../../model/words.js'
import {CERT, statusItems} from './annotations.js'
import {when} from './bibliography.js'
import type {Context} from './context.js'
import {ids, target} from './ids.js'
import {languageName, languageTag} from './language.js'
import {sourceDesc} from './source.js'
import {x} from './xml.js'

export function header(ctx: Context): Element {
  const {meta} = ctx.edition
  return x(
    'teiHeader',
    {},
    x(
      'fileDesc',
      {},
      titleStmt(ctx),
      x('editionStmt', {}, x('edition', {n: meta.version}, `Version ${meta.version}, `, x('date', {when: when(meta.date)}, meta.date))),
      x(
        'publicationStmt',
        {},
        x('authority', {}, meta.editors.map((e) => e.name).join(', ')),
        meta.url ? x('idno', {type: 'URI'}, meta.url) : undefined,
        x('date', {when: when(meta.date)}, meta.date),
        x(
          'availability',
          {},
          x('licence', {target: target(licenceUrl(meta.licence.notes))}, `The edition's own contributions (notes, glossary, apparatus): ${meta.licence.notes}.`),
          x('licence', {target: target(licenceUrl(meta.licence.code))}, `The software: ${meta.licence.code}.`),
          x('p', {}, meta.licence.text)
        )
      ),
      x('notesStmt', {}, x('note', {type: 'citation'}, `How to cite this edition: ${editionCitation(ctx.edition).text}`)),
      sourceDesc(ctx)
    ),
    x('encodingDesc', {}, editorialDecl(ctx)),
    x('profileDesc', {}, x('langUsage', {}, languages(ctx).map((l) => x('language', {ident: l}, languageName(l))))),
    x('revisionDesc', {}, x('change', {when: when(meta.date), n: meta.version}, `Version ${meta.version}.`))
  )
}

function titleStmt(ctx: Context): Element {
  const {meta} = ctx.edition
  const editors = new Set(meta.editors.map((e) => e.name))
  const annotators = [...ctx.resp.keys()].filter((name) => !editors.has(name))
  const orcid = (id: string | undefined) => (id ? target(id.startsWith('http') ? id : `https://orcid.org/${id}`) : undefined)
  return x(
    'titleStmt',
    {},
    x('title', {type: 'main'}, meta.title),
    meta.subtitle ? x('title', {type: 'sub'}, meta.subtitle) : undefined,
    meta.editors.map((e) => x('respStmt', {'xml:id': ctx.resp.get(e.name)}, x('resp', {}, e.role ?? 'editor'), x('name', {ref: orcid(e.orcid)}, e.name))),
    annotators.map((name) => x('respStmt', {'xml:id': ctx.resp.get(name)}, x('resp', {}, 'annotations'), x('name', {}, name)))
  )
}

function editorialDecl(ctx: Context): Element {
  const {interventions} = ctx.edition.meta
  return x(
    'editorialDecl',
    {},
    x(
      'correction',
      {},
      x(
        'p',
        {},
        interventions.length
          ? [
              'The text is the witness with these interventions, and no others. Each is marked where it applies, a substitution as a choice of sic and corr, an omission as a gap, and points here with @corresp: ',
              x('list', {type: 'interventions'}, interventions.map((i) => x('item', {'xml:id': ids.intervention(i.id), n: i.type}, interventionText(i))))
            ]
          : 'The text is the witness as captured, without intervention.'
      )
    ),
    x('segmentation', {}, x('p', {}, 'Each sentence is one s element, its xml:id derived from its content (stable across versions) and @n its ordinal.')),
    x(
      'interpretation',
      {},
      x(
        'p',
        {},
        'Each note and glossary entry has a status; its @ana points at the status’s meaning here, and its @cert gives it as a degree of certainty: ',
        x('list', {type: 'statuses'}, statusItems()),
        `Disputed is ${CERT.disputed}, not medium, because no degree of confidence can be stated when the sources disagree.`
      ),
      x('p', {}, `${EVIDENCE.evidence} They are bibl elements of type evidence where they are cited, and the annotation’s @source lists them.`),
      x('p', {}, `${EVIDENCE.further} They are a listBibl of type further.`)
    )
  )
}

/** The document's language, the glossary's original forms', and the works'. */
function languages(ctx: Context): string[] {
  const {meta, annotations, references} = ctx.edition
  const tags = [
    meta.language,
    ...annotations.flatMap((a) => (!a.original ? [] : a.original.transliteration ? [a.original.language, `${a.original.language}-Latn`] : [a.original.language])),
    ...[meta.source.work, ...references].flatMap((r) => languageTag(typeof r.language === 'string' ? r.language : undefined) ?? [])
  ]
  return [...new Set(tags)]
}
