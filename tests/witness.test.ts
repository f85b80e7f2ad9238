import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {parse} from 'yaml'
import {establish, witnessLocation} from '../src/text/witness.js'
import {LineIndex} from '../src/model/messages.js'
import type {Metadata} from '../src/model/edition.js'

const root = new URL('../', import.meta.url)
const witness = readFileSync(new URL('edition/witness/000_1c703367733981fb.txt', root), 'utf8')
const text = readFileSync(new URL('edition/text.md', root), 'utf8')
const metadata = parse(readFileSync(new URL('edition/edition.yaml', root), 'utf8')) as Metadata

describe('the witness and the established text', () => {
  it('is the capture, byte for byte', () => {
    expect(readFileSync(new URL('edition/witness/000_1c703367733981fb.txt', root))).toEqual(readFileSync(new URL('../shared/seed/000_1c703367733981fb.txt', root)))
  })

  it('yields exactly the text when the recorded interventions are applied', () => {
    expect(establish(witness, metadata.interventions).text).toBe(text)
  })

  it('records the omission of the interface label and of the second copy', () => {
    const lines = witness.split('\n')
    const [label, copy] = metadata.interventions
    expect(label).toMatchObject({type: 'omission', lines: [1, 2]})
    expect(lines[0]).toBe('초록 열기/닫기 버튼')
    expect(copy).toMatchObject({type: 'omission', lines: [4, 6]})
    // The omitted copy is the kept one, character for character: nothing is lost.
    expect(lines[5]).toBe(lines[2])
    expect(text).not.toContain('초록')
    expect(text.indexOf('Due to great efforts')).toBe(text.lastIndexOf('Due to great efforts'))
  })

  it('maps a stretch of the text back to its line and columns in the witness', () => {
    const {pieces} = establish(witness, metadata.interventions)
    const start = text.indexOf('Thus the unions')
    const loc = witnessLocation(new LineIndex(witness), pieces, start, start + 10)
    expect(loc.line).toBe(3)
    expect(witness.split('\n')[2]!.slice(loc.column - 1, loc.endColumn - 1)).toBe('Thus the u')
  })

  it('applies a substitution and maps around it', () => {
    const w = 'Line one.\nThe Stakhanvite movement.\n'
    const {text: t, pieces} = establish(w, [{id: 'fix', type: 'substitution', line: 2, column: 5, original: 'Stakhanvite', reading: 'Stakhanovite', description: 'typo', reason: 'misprint'}])
    expect(t).toBe('Line one.\nThe Stakhanovite movement.\n')
    const after = t.indexOf('movement')
    expect(witnessLocation(new LineIndex(w), pieces, after, after + 8)).toEqual({line: 2, column: 17, endLine: 2, endColumn: 25})
  })

  it('refuses an intervention that does not fit the witness', () => {
    expect(() => establish('a\nb\n', [{id: 'x', type: 'omission', lines: [2, 9], description: '', reason: ''}])).toThrow(/lines 2–9 are not in the witness/)
    expect(() => establish('a\nb\n', [{id: 'y', type: 'substitution', line: 1, column: 1, original: 'zz', reading: 'a', description: '', reason: ''}])).toThrow(/`zz` is not at line 1, column 1/)
  })
})

describe('witness locations around substitutions', () => {
  it('places a sentence that starts with a substituted reading on its original', () => {
    const w = 'Label\n\nStakhanvite workers rose. Then.\n'
    const {text, pieces} = establish(w, [
      {id: 'label', type: 'omission', lines: [1, 2], description: '', reason: ''},
      {id: 'fix', type: 'substitution', line: 3, column: 1, original: 'Stakhanvite', reading: 'Stakhanovite', description: '', reason: ''}
    ])
    expect(text).toBe('Stakhanovite workers rose. Then.\n')
    expect(witnessLocation(new LineIndex(w), pieces, 0, 26)).toEqual({line: 3, column: 1, endLine: 3, endColumn: 26})
    expect(witnessLocation(new LineIndex(w), pieces, 0, 12)).toEqual({line: 3, column: 1, endLine: 3, endColumn: 12})
  })
})
