/** The `disclose: minimal` account fix: a line that appends to the list without printing it, run through bash. */
import { describe, expect, it } from '@jest/globals'
import { accountAppendCommand, listFix, refusedFix } from '../../../../src/engine/findings/fixes.js'
import { paste } from '../../../harness/shell.js'

/** A stub `ibmcloud` that answers `account-settings --output json` with `settings` and prints any other call. */
function run(
  settings: unknown,
  add: string[]
): { update: string[] | undefined; created: string[]; code: number | null } {
  const json = JSON.stringify(settings).replace(/'/g, `'\\''`)
  const prelude = `ibmcloud() { if [ "$2" = account-settings ]; then printf '%s' '${json}'; else printf '%s\\0' '<call>' ibmcloud "$@"; fi; }`
  const r = paste(accountAppendCommand(add), [], prelude)
  return {
    update: r.calls.find((c) => c.args[1] === 'account-settings-update')?.args,
    created: r.created,
    code: r.code
  }
}

describe('accountAppendCommand through bash', () => {
  it.each([
    ['a list', '198.51.100.0/24,10.0.0.1', '198.51.100.0/24,10.0.0.1,203.0.113.7'],
    ['an empty list', '', '203.0.113.7'],
    ['no field at all', undefined, '203.0.113.7'],
    ['a monitor-mode list', '?198.51.100.0/24', '?198.51.100.0/24,203.0.113.7'],
    ['a monitor-mode empty list', ' ? ', '?203.0.113.7'],
    [
      'a list with entries a shell would expand',
      "1.2.3.4,$(touch pwned),`id`,$HOME,it's",
      "1.2.3.4,$(touch pwned),`id`,$HOME,it's,203.0.113.7"
    ]
  ])('%s', (_name, list, want) => {
    const out = run(list === undefined ? { account_id: 'x' } : { allowed_ip_addresses: list }, ['203.0.113.7'])
    expect(out).toEqual({
      update: ['iam', 'account-settings-update', '--allowed-ip-addresses', want],
      created: [],
      code: 0
    })
  })

  it('writes nothing when the list cannot be read', () => {
    const r = paste(
      accountAppendCommand(['203.0.113.7']),
      [],
      "ibmcloud() { if [ \"$2\" = account-settings ]; then echo 'FAILED Not logged in'; return 1; fi; printf '%s\\0' '<call>' ibmcloud \"$@\"; }"
    )
    expect(r.calls).toEqual([])
    expect(r.code).not.toBe(0)
  })

  it('the minimal fixes name no entry and carry the append line', () => {
    const fix = listFix('account', '198.51.100.0/24,secret-zone', ['203.0.113.7'], 'minimal')
    expect(JSON.stringify(fix)).not.toMatch(/198\.51\.100|secret-zone/)
    expect(fix.command).toBe(accountAppendCommand(['203.0.113.7']))
    expect(JSON.stringify(refusedFix('203.0.113.7', '198.51.100.0/24', 'minimal'))).not.toContain('198.51.100')
  })
})
