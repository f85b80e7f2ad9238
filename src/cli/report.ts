/** Messages as `file:line:col: severity: message [rule]`, one a line, as compilers print them. */
import type {VFile} from 'vfile'

export function formatMessages(files: VFile[], {infos = true} = {}): string {
  const lines: string[] = []
  for (const file of files) {
    for (const m of file.messages) {
      const severity = m.fatal === true ? 'error' : m.fatal === false ? 'warning' : 'info'
      if (severity === 'info' && !infos) continue
      const place = m.line ? `:${m.line}:${m.column ?? 1}` : ''
      lines.push(`${file.path}${place}: ${severity}: ${m.reason}${m.ruleId ? ` [${m.ruleId}]` : ''}`)
    }
  }
  return lines.join('\n')
}

export function counts(files: VFile[]): {errors: number; warnings: number} {
  let errors = 0
  let warnings = 0
  for (const m of files.flatMap((f) => f.messages)) {
    if (m.fatal === true) errors++
    else if (m.fatal === false) warnings++
  }
  return {errors, warnings}
}
