import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import fc from 'fast-check'
import {segmentParagraph} from '../src/text/segment.js'

const abstract = readFileSync(new URL('../edition/text.md', import.meta.url), 'utf8').trim()
const sentences = (text: string) => segmentParagraph(text).map((s) => text.slice(s.start, s.end))

describe('segmentParagraph', () => {
  it('finds the 14 sentences of the abstract', () => {
    const s = sentences(abstract)
    expect(s).toHaveLength(14)
    expect(s[6]).toBe('Thus the unions’ response to the Stakhanovite movement was delayed.')
    expect(s[9]).toBe('Once the Stakhanovite movement turned into a national campaign, the unions again played the role of ‘production vanguard’.')
    expect(s[7]).toBe('The union meeting in November 1935, shortly after the Stakhanovite Conference, revealed their confusion as well as their reorientation.')
    expect(s[13]).toBe('In addition, the enthusiasm of the movement was rapidly exhausted from April.')
  })

  it.each([
    ['The U.S.S.R. raised norms in 1936. Output rose.', ['The U.S.S.R. raised norms in 1936.', 'Output rose.']],
    ['See p. 12 and pp. 13–14. Next.', ['See p. 12 and pp. 13–14.', 'Next.']],
    ['Dr. Smith arrived. c. 1935 was hard.', ['Dr. Smith arrived.', 'c. 1935 was hard.']],
    ['In Jan. 1936 norms rose. Then fell.', ['In Jan. 1936 norms rose.', 'Then fell.']],
    ['He asked, ‘Why?’ She left.', ['He asked, ‘Why?’', 'She left.']],
    ['“Stop!” he cried. They stopped.', ['“Stop!” he cried.', 'They stopped.']],
    ['He said “Stop!” and left. Then.', ['He said “Stop!” and left.', 'Then.']],
    ['J. V. Stalin spoke on 17 Nov. 1935. It was printed.', ['J. V. Stalin spoke on 17 Nov. 1935.', 'It was printed.']],
    ['See Siegelbaum et al. for more. Then stop.', ['See Siegelbaum et al. for more.', 'Then stop.']],
    ['Правда писала об этом. Stakhanov set a record.\n스타하노프 운동이 시작되었다. Then it ended.', ['Правда писала об этом.', 'Stakhanov set a record.', '스타하노프 운동이 시작되었다.', 'Then it ended.']],
    ['초록 열기/닫기 버튼\nDue to great efforts.', ['초록 열기/닫기 버튼\nDue to great efforts.']],
    ['No full stop at the end', ['No full stop at the end']],
    ['As shown by Davies et al. The unions then balked.', ['As shown by Davies et al.', 'The unions then balked.']],
    ['Davies et al. (2002) disagree. Fine.', ['Davies et al. (2002) disagree.', 'Fine.']],
    ['They fought in World War I. Then peace came.', ['They fought in World War I.', 'Then peace came.']],
    ['Read vol. II first. Then vol. III.', ['Read vol. II first.', 'Then vol. III.']],
    ['He lived in St. Petersburg. Then Moscow.', ['He lived in St. Petersburg.', 'Then Moscow.']],
    ['He lived on Baker St. The next day he left.', ['He lived on Baker St.', 'The next day he left.']],
    ['Lewis H. Siegelbaum wrote it. It is long.', ['Lewis H. Siegelbaum wrote it.', 'It is long.']]
  ])('splits %j', (text, expected) => {
    expect(sentences(text)).toEqual(expected)
  })

  it('keeps every character of the paragraph: sentences and the whitespace between them rebuild it', () => {
    const words = fc.constantFrom('Dr.', 'pp.', 'c.', 'U.S.S.R.', 'Jan.', '1936.', 'norms', 'rose!', 'Why?', '‘vanguard’.', '“Stop!”', 'ВЦСПС.', '초록', 'e.g.', 'a', 'The', '...', '—', '\u00a0')
    const text = fc.array(fc.oneof(words, fc.string({maxLength: 6}), fc.constantFrom(' ', '  ', '\n', '\t')), {maxLength: 40}).map((parts) => parts.join(' '))
    fc.assert(
      fc.property(text, (t) => {
        const spans = segmentParagraph(t)
        let rebuilt = ''
        let at = 0
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(at)
          expect(s.end).toBeGreaterThan(s.start)
          const gap = t.slice(at, s.start)
          expect(gap.trim()).toBe('')
          rebuilt += gap + t.slice(s.start, s.end)
          at = s.end
        }
        expect(t.slice(at).trim()).toBe('')
        rebuilt += t.slice(at)
        expect(rebuilt).toBe(t)
        for (const s of spans) expect(t.slice(s.start, s.end)).toBe(t.slice(s.start, s.end).trim())
      }),
      {numRuns: 500}
    )
  })
})
