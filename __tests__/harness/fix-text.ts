/**
 * A finding's fix as the plain text a user reads (steps, then the command), for assertions. Every command a
 * test reads this way is also pasted into bash (with stubs) and must run as exactly what it says: so every
 * scenario of the suite checks that its fix is safe to paste.
 */
import { fixLines, type Finding } from '../../src/engine/findings/finding.js'
import { assertPastesLiterally } from './shell.js'

export function fixText(finding: Pick<Finding, 'fix'> | undefined): string {
  const command = finding?.fix?.command
  // Shell lines only (the PR-comment fix is a YAML block); the minimal-disclosure pipeline has its own tests.
  if (command?.startsWith('ibmcloud ') === true && !command.includes('$(')) assertPastesLiterally(command)
  return finding?.fix ? fixLines(finding.fix).join('\n') : ''
}
