/** Phrases several findings share, so a list is named the same way in every sentence. */
import type { ListLevel } from '../evidence/lists.js'

/** How findings name a list in their sentences ("… is not in the account's IAM allowlist"). */
export const LIST_NAME: Readonly<Record<ListLevel, string>> = {
  account: "the account's IAM allowlist",
  user: "the user's IAM allowlist",
  input: "the 'allowlist' input"
}
