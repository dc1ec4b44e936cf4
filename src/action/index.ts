/**
 * The action's entry point (dist/index.js). The runner only imports it; GitHub's local runner for JavaScript
 * actions (`@github/local-action`) imports it and then calls its `run()`. Either way the action runs once.
 */
import { run as runAction } from './main.js'

let running: Promise<void> | undefined

/** Runs the action, once however often it is called, then lets the process end. */
export function run(): Promise<void> {
  running ??= runAction().then(() => {
    // Everything is written. End soon even if something the run started cannot be cancelled (a DNS look-up
    // that never answers holds a thread of libuv's pool); unref'd, so a run with nothing pending ends now.
    setTimeout(() => process.exit(), 250).unref()
  })
  return running
}

await run()
