/** The action's entry point (dist/index.js): it only runs the action. */
import { run } from './main.js'

await run()
