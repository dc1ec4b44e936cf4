#!/usr/bin/env node
/** The CLI's entry point (dist/cli/index.js): it runs the CLI, then ends the process. */
import { main } from './main.js'

process.exitCode = await main(process.argv.slice(2))
// Everything is written. End soon even if something the run started cannot be cancelled (a DNS look-up that
// never answers, a standard input left open); the timer is unref'd, so a run with nothing pending ends now.
setTimeout(() => process.exit(), 250).unref()
