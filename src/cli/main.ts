/**
 * The command-line tool: the same settings as the action, as flags; the API key only from the environment
 * (IBMCLOUD_API_KEY), never a flag, so it stays out of shell history and process lists.
 * Exit codes: 0 the gate passes, 1 it fails, 2 usage error.
 */
import { readFileSync } from 'node:fs'
import { Command, CommanderError } from 'commander'
import { runPreflight } from '../engine/preflight.js'
import { DEFAULTS, INPUT_NAMES, InputName, parseSettings, RawInputs } from '../engine/settings/settings.js'
import { InputError } from '../engine/settings/input-error.js'
import { createRedactor } from '../engine/report/redact.js'
import { renderText } from '../render/text.js'

const FLAGS = INPUT_NAMES.filter((n) => n !== 'apikey')

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

function program(): Command {
  const cmd = new Command('icr-allowlist-preflight')
    .description("Checks whether IBM Cloud IAM's IP allowlists let this machine push to or pull from IBM Cloud Container Registry.\nThe API key is read from IBMCLOUD_API_KEY.")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
  for (const name of FLAGS) {
    const def = DEFAULTS[name as InputName]
    cmd.option(`--${name} <value>`, `as the action's '${name}' input${def && !def.includes('\n') ? ` (default "${def}")` : ''}`)
  }
  cmd.option('--allowlist-file <path>', "read the 'allowlist' from a file ('-' for standard input)")
  cmd.option('--json', 'print the report as JSON instead of text')
  return cmd
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const apikey = env.IBMCLOUD_API_KEY?.trim() ?? ''
  const redact = createRedactor([apikey])
  const secrets = [apikey]
  try {
    const cmd = program()
    cmd.parse(argv, { from: 'user' })
    const opts = cmd.opts<Record<string, string | boolean | undefined>>()
    const raw: RawInputs = { apikey }
    for (const name of FLAGS) {
      const v = opts[camel(name)]
      if (typeof v === 'string') raw[name as InputName] = v
    }
    if (typeof opts.allowlistFile === 'string') {
      if (raw.allowlist) throw new InputError('allowlist-file', 'Give either --allowlist or --allowlist-file, not both.')
      try {
        raw.allowlist = readFileSync(opts.allowlistFile === '-' ? 0 : opts.allowlistFile, 'utf8')
      } catch (e) {
        throw new InputError('allowlist-file', `--allowlist-file: cannot read "${opts.allowlistFile}": ${(e as NodeJS.ErrnoException).code ?? 'error'}.`)
      }
    }
    const settings = parseSettings(raw, env)
    const report = await runPreflight(settings, { onSecret: (s) => secrets.push(s) })
    const out = opts.json ? JSON.stringify(report, null, 2) + '\n' : renderText(report)
    process.stdout.write(createRedactor(secrets)(out))
    return report.gatePassed ? 0 : 1
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    if (error instanceof InputError) {
      process.stderr.write(`icr-allowlist-preflight: ${redact(error.message)}\n`)
      return 2
    }
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`icr-allowlist-preflight: unexpected error: ${createRedactor(secrets)(message)}\n`)
    return 1
  }
}

