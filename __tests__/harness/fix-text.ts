/** A finding's fix as the plain text a user reads (steps, then the command), for assertions. */
import { fixLines, type Finding } from '../../src/engine/findings/finding.js'

export function fixText(finding: Pick<Finding, 'fix'> | undefined): string {
  return finding?.fix ? fixLines(finding.fix).join('\n') : ''
}
