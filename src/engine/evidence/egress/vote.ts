/** The vote among echo sources: per family, the address more sources saw than any other. Pure. */
import type { Family } from '../../net/address.js'

/** An address as it arrived, in order of arrival. */
export interface Arrival {
  family: Family
  ip: string
}

/**
 * The winner of a family and its votes: the address with strictly more votes than any other. A tie is not
 * consensus (one wrong, fast source must not decide against a right, slow one): no address, and the votes
 * of the tied leaders. No answer of the family: no address, 0 votes.
 */
export function winner(arrivals: Arrival[], family: Family): { ip?: string; votes: number } {
  const counts = new Map<string, number>()
  for (const a of arrivals) if (a.family === family) counts.set(a.ip, (counts.get(a.ip) ?? 0) + 1)
  let best: { ip?: string; votes: number } = { votes: 0 }
  let tied = false
  for (const [ip, votes] of counts) {
    if (votes > best.votes) {
      best = { ip, votes }
      tied = false
    } else if (votes === best.votes) tied = true
  }
  return tied ? { votes: best.votes } : best
}

/** One family's vote in words, for the debug trail. */
export function voteText(arrivals: Arrival[], family: Family): string {
  const { ip, votes } = winner(arrivals, family)
  const of = arrivals.filter((a) => a.family === family).length
  if (ip) return `IPv${family} ${ip} (${votes} of ${of} answers)`
  return votes > 0 ? `IPv${family} tied at ${votes} vote(s) each, no address` : `IPv${family} none`
}
