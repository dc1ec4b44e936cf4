/**
 * The command-line tool: the same settings as the action, as flags; the API key only from the environment
 * (IBMCLOUD_API_KEY), never a flag, so it stays out of shell history and process lists.
 * Exit codes: 0 the gate passes, 1 it fails, 2 usage error.
 */
import { Command, CommanderError } from 'commander'
import { runPreflight } from '../engine/preflight.js'
import { DEFAULTS, INPUT_NAMES, InputName, parseSettings, RawInputs } from '../engine/settings/settings.js'
import { InputError } from '../engine/settings/input-error.js'
import { createRedactor, redactValue, SHORT_SECRET } from '../engine/report/redact.js'
import { readAllowlistFile } from './read-file.js'
import { renderText } from '../render/text.js'

const FLAGS = INPUT_NAMES.filter((n) => n !== 'apikey')

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

function program(): Command {
  const cmd = new Command('icr-allowlist-preflight')
    .description(
      "Checks whether IBM Cloud IAM's IP allowlists let this machine push to or pull from IBM Cloud Container Registry.\nThe API key is read from IBMCLOUD_API_KEY."
    )
    .exitOverride()
    // commander quotes an unknown option whole: `--apikey=KEY` typed by mistake must not reach the terminal.
    .configureOutput({ writeErr: (s) => process.stderr.write(hideOptionValues(s)) })
  for (const name of FLAGS) {
    const def = DEFAULTS[name as InputName]
    cmd.option(
      `--${name} <value>`,
      `as the action's '${name}' input${def && !def.includes('\n') ? ` (default "${def}")` : ''}`
    )
  }
  cmd.option('--allowlist-file <path>', "read the 'allowlist' from a file ('-' for standard input)")
  cmd.option('--json', 'print the report as JSON instead of text')
  cmd.option(
    '--verbose',
    'print the debug trail (each request, retry, echo answer and decision step) on standard error'
  )
  return cmd
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const apikey = env.IBMCLOUD_API_KEY?.trim() ?? ''
  const redact = createRedactor([apikey])
  const secrets = [apikey]
  if (apikey !== '' && apikey.length < SHORT_SECRET) {
    process.stderr.write(
      `icr-allowlist-preflight: warning: IBMCLOUD_API_KEY is shorter than ${String(SHORT_SECRET)} characters: it is masked in every output, but a value that short also occurs in ordinary text and cannot be kept out of every one.\n`
    )
  }
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
      if (raw.allowlist)
        throw new InputError('allowlist-file', 'Give either --allowlist or --allowlist-file, not both.')
      raw.allowlist = await readAllowlistFile(opts.allowlistFile, deadlineMs(raw))
    }
    const settings = parseSettings(raw, env)
    const log =
      opts.verbose === true
        ? (line: string): void => void process.stderr.write(`debug: ${createRedactor(secrets)(line)}\n`)
        : undefined
    const report = await runPreflight(settings, { log, onSecret: (s) => secrets.push(s) })
    const redactAll = createRedactor(secrets)
    const shown = redactValue(report, redactAll)
    const out = opts.json ? JSON.stringify(shown, null, 2) + '\n' : redactAll(renderText(shown))
    process.stdout.write(out)
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

/** `--name=value` inside a usage message becomes `--name=…`: a value typed after an unknown flag may be a secret. */
function hideOptionValues(message: string): string {
  return message.replace(/(--?[A-Za-z][\w-]*)=.*?(?='?$)/gm, '$1=…')
}

/** The run's time limit in milliseconds, from the flag or its default; reading standard input counts against it. */
function deadlineMs(raw: RawInputs): number {
  const seconds = Number(raw['timeout-seconds'] ?? DEFAULTS['timeout-seconds'])
  return Number.isInteger(seconds) && seconds > 0 ? seconds * 1000 : 20_000
}
