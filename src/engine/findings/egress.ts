/** Findings about egress discovery: sources that gave no usable answer, disagreement, no address at all. */
import { answerText, type EgressResult } from '../evidence/egress/discover.js'
import type { Finding } from './finding.js'

/** Findings about egress discovery. `primaryNeeded`: the primary egress address is a subject. */
export function egressFindings(
  egress: EgressResult,
  { primaryNeeded, probeRan }: { primaryNeeded: boolean; probeRan: boolean }
): Finding[] {
  const out: Finding[] = []
  if (egress.fromInput) return out
  // Sources cancelled once others agreed did nothing wrong: they are in the summary's table, not in this notice.
  const failed = egress.answers.filter(
    (a) => a.status === 'rejected' || (a.status === 'cancelled' && a.why !== 'agreed')
  )
  if (failed.length > 0) {
    out.push({
      severity: 'notice',
      code: 'EGRESS_ANSWER_DISCARDED',
      title: `${failed.length} of ${egress.answers.length} echo sources gave no usable answer`,
      message: failed.map((a) => `${a.url}: ${answerText(a)}`).join('; ')
    })
  }
  for (const family of [4, 6] as const) {
    const seen = new Set(egress.answers.flatMap((a) => (a.status === 'answered' && a.family === family ? [a.ip] : [])))
    if (seen.size > 1) {
      out.push({
        severity: 'notice',
        code: 'EGRESS_DISAGREE',
        title: `Echo sources disagree on the IPv${family} egress address`,
        message: `Echo sources saw ${[...seen].join(', ')}. The address most sources agree on is used; the others are checked as secondary addresses (behind a proxy or load-balanced NAT, different services can see different addresses).`
      })
    }
  }
  if (primaryNeeded && !egress.primary) {
    const seen = new Set(egress.answers.flatMap((a) => (a.status === 'answered' ? [a.ip] : [])))
    const why =
      seen.size > 1
        ? `Echo sources disagreed with no majority (${[...seen].join(' vs ')}): a tie is not an answer`
        : 'No echo source gave a usable public address'
    out.push({
      severity: 'warning',
      code: 'EGRESS_NOT_FOUND',
      title: 'Egress address not found',
      message: `${why}${probeRan ? ', so only the token probe speaks for the public path' : ', and without an API key there is no token probe either, so the public check cannot be decided'}.`,
      fix: {
        steps: [
          "Set 'egress-ip' to the runner's public address, or allow https to the echo services in 'ip-echo-urls' (through HTTPS_PROXY if the runner needs one)."
        ]
      }
    })
  }
  return out
}
