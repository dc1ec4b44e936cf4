/** The action's entry point (dist/index.js): it runs the action, then ends the process. */
import { run } from './main.js'

await run()
// Everything is written. End soon even if something the run started cannot be cancelled (a DNS look-up that
// never answers holds a thread of libuv's pool); the timer is unref'd, so a run with nothing pending ends now.
setTimeout(() => process.exit(), 250).unref()
