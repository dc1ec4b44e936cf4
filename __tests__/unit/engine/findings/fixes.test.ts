import { describe, expect, it } from '@jest/globals'
import type { CbrZone } from '../../../../src/engine/evidence/cbr/restrictions.js'
import { cbrFix } from '../../../../src/engine/findings/cbr-fix.js'
import { listFix, refusedFix } from '../../../../src/engine/findings/fixes.js'
import { shellQuote } from '../../../../src/engine/findings/shell-quote.js'
import { legacyRegistryAddresses } from '../../../../src/engine/registry/legacy.js'
import type { RuleCheck } from '../../../../src/engine/verdict/cbr.js'
import { paste } from '../../../harness/shell.js'

/** Entries that a shell would expand, run or split if they reached it unquoted or in double quotes. */
const HOSTILE = [
  '$(touch pwned)',
  '`touch pwned2`',
  '$HOME',
  '!!',
  '1.2.3.4!',
  `it's`,
  '"quoted"',
  'a;touch pwned3',
  '${IFS}',
  '* ?',
  'x|y',
  'back\\slash'
]
const GOOD = ['198.51.100.0/24', '17.5.7.8 - 17.5.9.5', 'office-zone', '2001:db8::/32']
/** One of Container Registry's retired private addresses, as the engine's own table has them. */
const LEGACY = [...legacyRegistryAddresses().keys()][0] ?? ''

function argvOf(command: string): string[][] {
  const pasted = paste(command)
  expect(pasted.created).toEqual([])
  expect(pasted.code).toBe(0)
  return pasted.calls.map((c) => c.args)
}

describe('shellQuote', () => {
  it.each([...HOSTILE, '', "''", "'\\''", 'a\nb', '\t'])('round-trips %j through bash as one word', (value) => {
    expect(argvOf(`ibmcloud ${shellQuote(value)}`)).toEqual([[value]])
  })
})

describe('fix commands with hostile entries in the list', () => {
  const raw = [...GOOD.slice(0, 2), ...HOSTILE, ...GOOD.slice(2)].join(',')

  it.each(['account', 'input'] as const)('%s list: bash sees exactly the kept entries plus the address', (level) => {
    const fix = listFix(level, raw, ['203.0.113.7'])
    const argv = argvOf(fix.command ?? '')
    expect(argv).toEqual([
      ['iam', 'account-settings-update', '--allowed-ip-addresses', [...GOOD, '203.0.113.7'].join(',')]
    ])
    // Every hostile entry is named as left out, in the steps (text), never in the command.
    const steps = fix.steps.join('\n')
    expect(steps).toMatch(/leaves out these entries, which allow nothing/)
    for (const h of HOSTILE.filter((h) => !h.includes(','))) expect(steps).toContain(`"${h}"`)
  })

  it('keeps a monitor "?" and the newline-separated input form', () => {
    const fix = listFix('input', `?198.51.100.0/24\n$(touch pwned)\n10.0.0.1`, ['203.0.113.7'])
    expect(argvOf(fix.command ?? '')[0]?.[3]).toBe('?198.51.100.0/24,10.0.0.1,203.0.113.7')
  })

  it('drops retired Container Registry addresses and names them', () => {
    expect(LEGACY).not.toBe('')
    const fix = refusedFix('203.0.113.7', `198.51.100.0/24,${LEGACY}`)
    expect(argvOf(fix.command ?? '')[0]?.[3]).toBe('198.51.100.0/24,203.0.113.7')
    expect(fix.steps.join(' ')).toContain(`"${LEGACY}" (a retired Container Registry address`)
  })

  it('an empty list proposes the address alone; a list of nothing but junk says so', () => {
    expect(argvOf(listFix('account', '', ['203.0.113.7']).command ?? '')).toEqual([
      ['iam', 'account-settings-update', '--allowed-ip-addresses', '203.0.113.7']
    ])
    const junk = listFix('account', '$(touch pwned)', ['203.0.113.7'])
    expect(junk.steps.join(' ')).toContain('leaves out this entry, which allows nothing: "$(touch pwned)"')
  })
})

describe('cbr zone-update with hostile zone fields', () => {
  const check = { ruleId: 'r1', address: '203.0.113.7', contexts: [{}], fix: { zoneId: 'z1' } } as unknown as RuleCheck
  const zone = (over: Partial<Extract<CbrZone, { status: 'resolved' }>>): CbrZone =>
    ({
      id: 'z1',
      status: 'resolved',
      name: "ops' $(touch pwned) `x`",
      description: 'line one\nline "two" $HOME !',
      addresses: ['198.51.100.1', '198.51.100.10-198.51.100.20'],
      excluded: ['198.51.100.15'],
      vpcs: ['crn:v1:bluemix:public:is:us-south:a/1::vpc:r006-1'],
      uncheckable: [],
      place: () => 'none',
      ...over
    }) as CbrZone

  it('bash sees the name, description and members exactly', () => {
    const fix = cbrFix(check, [zone({})])
    expect(argvOf(fix.command ?? '')).toEqual([
      [
        'cbr',
        'zone-update',
        'z1',
        '--name',
        "ops' $(touch pwned) `x`",
        '--description',
        'line one\nline "two" $HOME !',
        '--addresses',
        '198.51.100.1,198.51.100.10-198.51.100.20,203.0.113.7',
        '--excluded',
        '198.51.100.15',
        '--vpc',
        'crn:v1:bluemix:public:is:us-south:a/1::vpc:r006-1'
      ]
    ])
  })

  it('a member of no address shape gets the console path, not a line that would drop it', () => {
    const fix = cbrFix(check, [zone({ addresses: ['198.51.100.1', '$(touch pwned)'] })])
    expect(fix.command).toBeUndefined()
    expect(fix.steps.join(' ')).toContain('a member is not an address, range or subnet')
  })
})
