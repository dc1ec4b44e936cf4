#!/usr/bin/env node
/** The CLI's entry point (dist/cli/index.js): it only runs the CLI. */
import { main } from './main.js'

process.exitCode = await main(process.argv.slice(2))
