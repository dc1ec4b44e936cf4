/**
 * Quoting for the commands a fix prints. A user pastes them into bash or zsh, so every value that came from
 * a list, an API answer or a workflow goes inside single quotes, where neither shell expands anything (`$(`,
 * backticks, `$VAR`, `!`, globs such as a monitor-mode `?`); a single quote inside is written `'\''`.
 * Literal command words (`ibmcloud iam …`, flags) are written by the callers and never come from outside.
 */

/** `value` as one single-quoted shell word, safe to paste into bash or zsh whatever it holds. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}
