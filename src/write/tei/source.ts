/**
 * `<sourceDesc>`: what the witness is a copy of (the work, a CSL item of any type, as a
 * `<biblStruct>` with a gap wherever the edition says a variable is not known), where and when it
 * was captured, and the capture itself. The words are `sourceParts`' (model/words.ts), which every
 * writer uses; none names a kind of work the edition does not.
 */
import type {Element} from 'xast'
import type {CslItem} from '../../model/edition.js'
import {sourceParts} from '../../model/words.js'
import {biblStruct, when} from './bibliography.js'
import type {Context} from './context.js'
import {ids, pointer, target} from './ids.js'
import {x} from './xml.js'

export function sourceDesc(ctx: Context): Element {
  const {meta, witness} = ctx.edition
  const source = meta.source
  const parts = sourceParts(source)
  const url = target(source.url)
  const captured = source.repository || source.record || url || source.captured
  const record = captured
    ? x(
        'bibl',
        {'xml:id': ids.sourceRecord, type: 'record'},
        source.repository ? x('distributor', {}, source.repository) : undefined,
        source.record ? x('idno', {type: 'record'}, source.record) : undefined,
        url ? x('ptr', {target: url}) : undefined,
        source.captured ? x('date', {type: 'captured', when: when(source.captured)}, source.captured) : undefined
      )
    : undefined
  const work = biblStruct({...source.work, id: ids.sourceWork} as CslItem, {id: ids.sourceWork, language: meta.language, unknown: source.unknown ?? []})
  const unknown = [parts.unknown, parts.unknownNote].filter(Boolean).join(' ')
  if (unknown) work.children.push(x('note', {type: 'unknown'}, unknown))
  if (record) work.children.push(x('relatedItem', {type: 'record', target: pointer(ids.sourceRecord)}))
  return x(
    'sourceDesc',
    {},
    work,
    record,
    x(
      'listWit',
      {},
      x(
        'witness',
        {'xml:id': ids.witness, corresp: pointer(ids.sourceWork)},
        parts.holds ? `${parts.holds} ` : '',
        'File ',
        x('idno', {type: 'file'}, witness.file),
        ', SHA-256 ',
        x('idno', {type: 'SHA-256'}, witness.sha256),
        '.'
      )
    )
  )
}
