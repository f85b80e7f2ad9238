/**
 * Plain-text writer (`edition.txt`), for e-mail and quoting. In order: the title, how to cite
 * the edition and its source; the introduction and the editorial statement (statuses, evidence
 * and further reading); the text, one numbered sentence a line with its notes and glossary terms
 * under it (`text.ts`); the notes, numbered; the glossary, A to Z; each sentence's source; the
 * bibliography; the editorial interventions; the licence. Paragraphs are single lines (no hard
 * wrapping), so a quotation copied from any of them is exact.
 *
 * Security: nothing is interpreted. Bodies are the pipeline's safe trees (raw HTML already
 * gone); only http(s)/mailto link addresses are shown.
 */
import type {Edition} from '../../model/edition.js'
import {sourceCitation} from '../../model/source-citation.js'
import {editionCitation, EVIDENCE, fullTitle, interventionText, joinNames, sourceStatement, STATUSES, statusSentence} from '../../model/words.js'
import {apparatus, type Apparatus} from '../apparatus.js'
import {bodyText} from '../plain.js'
import {glossEntry, noteEntry, termsIn} from './entries.js'
import {heading} from './layout.js'
import {margin, numbered, textBlock} from './text.js'

/** Notes as the plain text numbers them: in text order, from 1. */
export function noteNumbers(edition: Edition, app: Apparatus = apparatus(edition)): Map<string, number> {
  return new Map(app.notes.map((a, i) => [a.id, i + 1]))
}

export function toText(edition: Edition): string {
  const meta = edition.meta
  const app = apparatus(edition)
  const number = noteNumbers(edition, app)
  const introTerms = edition.introduction ? termsIn(edition.introduction, app) : []
  const width = margin(edition.sentences)
  const sections = [
    fullTitle(meta),
    `Edition ${meta.version}, ${meta.date}. Edited by ${joinNames(meta.editors.map((e) => e.name))}.`,
    `How to cite this edition: ${editionCitation(edition).text}`,
    `Source: ${sourceStatement(meta)}`,
    ...(edition.introduction
      ? [heading('INTRODUCTION'), bodyText(edition.introduction, {links: true, joinLines: true}), ...(introTerms.length ? [`Glossary: ${introTerms.join('; ')}.`] : [])]
      : []),
    heading('EDITORIAL STATEMENT'),
    STATUSES.map(statusSentence).join('\n'),
    `${EVIDENCE.evidence}\n${EVIDENCE.further}`,
    heading('TEXT'),
    'One sentence a line, after its number; a blank line between paragraphs. Under a sentence: the notes on it, by number, with the words each is on, and the glossary terms in it.',
    textBlock(app, number),
    ...(app.notes.length ? [heading('NOTES'), ...app.notes.map((a, i) => noteEntry(a, i + 1, app))] : []),
    ...(app.glossary.length ? [heading('GLOSSARY'), ...app.glossary.map((a) => glossEntry(a, app, number))] : []),
    ...(edition.orphans.length ? [heading('NOTES NOT FOUND IN THE TEXT'), ...edition.orphans.map((a, i) => noteEntry(a, app.notes.length + i + 1, app))] : []),
    heading('SENTENCES AND THEIR SOURCES'),
    edition.sentences.map((s) => numbered(s.n, `${sourceCitation(edition, s).text}.`, width)).join('\n'),
    ...(edition.bibliography.length ? [heading('BIBLIOGRAPHY'), ...edition.bibliography.map((b) => b.text)] : []),
    ...(meta.interventions.length ? [heading('EDITORIAL INTERVENTIONS'), meta.interventions.map((i, k) => `${k + 1}. ${interventionText(i)}`).join('\n')] : []),
    heading('LICENCE'),
    `${meta.licence.text.trim()} The edition's own contributions: ${meta.licence.notes}. Software: ${meta.licence.code}.`
  ]
  return sections.join('\n\n') + '\n'
}
