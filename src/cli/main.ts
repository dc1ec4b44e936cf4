/**
 * The command-line tool: the same settings as the action, as flags; the API key only from the environment
 * (IBMCLOUD_API_KEY), never a flag, so it stays out of shell history and process lists.
 * Exit codes: 0 the gate passes, 1 it fails, 2 usage error.
 */
import { Command, CommanderError } from 'commander'
import { runPreflight } from '../engine/preflight.js'
import { parseSettings } from '../engine/settings/settings.js'
import { DEFAULTS, InputName, RawInputs } from '../engine/settings/defaults.js'
import { InputError } from '../engine/settings/input-error.js'
import { redactValue, secretSet, SHORT_SECRET } from '../engine/report/redact.js'
import { readAllowlistFile } from './read-file.js'
import { accountIdOf, minimalReport } from '../engine/report/disclose.js'
import { renderText } from '../render/text.js'
import pkg from '../../package.json' with { type: 'json' }
import { FLAG_HELP, FLAGS, inFlagWords } from './flags.js'

const EXAMPLES = `
Examples:
  # Is 203.0.113.77 in this list? (no network)
  icr-allowlist-preflight --egress-ip 203.0.113.77 --allowlist '203.0.113.0/24'
  # Discover this machine's address and check the account's lists and the registry with a key
  IBMCLOUD_API_KEY=... icr-allowlist-preflight --registry us.icr.io --fail-on warning
  # The list from a file, the report as JSON
  icr-allowlist-preflight --egress-ip 203.0.113.77 --allowlist-file allowlist.txt --json

Exit codes: 0 the check passes for --fail-on, 1 it fails, 2 usage error.`

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
}

function program(): Command {
  const cmd = new Command('icr-allowlist-preflight')
    .description(
      "Checks whether IBM Cloud IAM's IP allowlists let this machine push to or pull from IBM Cloud Container Registry.\nThe API key is read from IBMCLOUD_API_KEY."
    )
    .version(pkg.version, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'print this help and exit')
    .addHelpText('after', EXAMPLES)
    .exitOverride()
    // commander quotes an unknown option whole: `--apikey=KEY` typed by mistake must not reach the terminal.
    .configureOutput({ writeErr: (s) => process.stderr.write(hideOptionValues(s)) })
  for (const name of FLAGS) {
    const def = DEFAULTS[name]
    const { what, example } = FLAG_HELP[name]
    const shown = def && !def.includes('\n') ? `; default ${def}` : ''
    cmd.option(`--${name} <value>`, `${what}${shown} (e.g. --${name} ${example})`)
  }
  cmd.option(
    '--allowlist-file <path>',
    'read --allowlist from a file, "-" for standard input (e.g. --allowlist-file allowlist.txt)'
  )
  cmd.option('--json', 'print the report as JSON instead of text (e.g. --json > report.json)')
  cmd.option(
    '--verbose',
    'print the debug trail (each request, retry, echo answer and decision step) on standard error (e.g. --verbose 2> trail.log)'
  )
  return cmd
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const apikey = env.IBMCLOUD_API_KEY?.trim() ?? ''
  const secrets = secretSet([apikey])
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
        ? (line: string): void => void process.stderr.write(`debug: ${secrets.redact(line)}\n`)
        : undefined
    const report = await runPreflight(settings, {
      log,
      onSecret: (s) => {
        secrets.add(s)
      }
    })
    const accountId = settings.disclose === 'minimal' ? accountIdOf(report, settings.accountId) : undefined
    secrets.add(accountId)
    const redactAll = secrets.redact
    const disclosed = settings.disclose === 'minimal' ? minimalReport(report) : report
    // JSON is redacted string by string (redacting its text could cut an escape in half); the text report,
    // never cut, is redacted whole, which costs one pass instead of one per string of a long list.
    const out = opts.json
      ? JSON.stringify(redactValue(disclosed, redactAll), null, 2) + '\n'
      : redactAll(inFlagWords(renderText(disclosed)))
    process.stdout.write(out)
    return report.gatePassed ? 0 : 1
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    if (error instanceof InputError) {
      process.stderr.write(`icr-allowlist-preflight: ${secrets.redact(inFlagWords(error.message))}\n`)
      return 2
    }
    const message = error instanceof Error ? error.message : String(error)
    process.stderr.write(`icr-allowlist-preflight: unexpected error: ${secrets.redact(message)}\n`)
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
