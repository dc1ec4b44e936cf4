/**
 * Fault matrix, IBM's APIs: the token probe, the account and user lists and network zones failing in every
 * way the issue lists, the bundled action run as the runner runs it. Every row uses a key, so every row also
 * proves that the key and the tokens appear nowhere (see helpers/fault-rows.ts).
 */
import { paste } from '../harness/shell.js'
import { fixText } from '../harness/fix-text.js'
import { describe, expect, test } from '@jest/globals'
import {
  checkRow,
  ACCOUNT,
  EGRESS,
  OTHER,
  USER,
  SERVICE_ID,
  markdownTable,
  type FaultRow,
  type RowContext
} from '../harness/fault-rows.js'
import type { FakeIbm, FakeIbmConfig, FaultMode, FakeEndpoint } from '../fakes/fake-ibm.js'
import { hugeList } from '../fakes/fake-ibm.js'

const HTML = '<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body>Request blocked.</body></html>'

/** A keyed row against the fake IBM with `egress-ip` given (no discovery): the IBM side alone decides. */
function ibmRow(
  name: string,
  arrange: (ibm: FakeIbm, ctx: RowContext) => void,
  expectation: FaultRow['expect'],
  extra: {
    config?: FakeIbmConfig
    inputs?: Record<string, string>
    env?: Record<string, string | undefined>
    timeout?: number
    judgment?: string
    /** The key belongs to a service ID (no user list). */
    serviceId?: boolean
    /** Appended to the row's key (which stays a prefix of it, so the leak checks still find it). */
    keySuffix?: string
  } = {}
): FaultRow {
  return {
    name,
    usesKey: true,
    timeout: extra.timeout,
    judgment: extra.judgment,
    setup: async (ctx) => {
      const apikey = ctx.key + (extra.keySuffix ?? '')
      const identity = { iamId: extra.serviceId ? SERVICE_ID : USER, accountId: ACCOUNT }
      const ibm = await ctx.ibm({ keys: { [apikey]: identity }, ...extra.config })
      arrange(ibm, ctx)
      return {
        inputs: { ...ctx.endpoints(ibm), apikey, registry: 'us.icr.io', 'egress-ip': EGRESS, ...extra.inputs },
        env: extra.env
      }
    },
    expect: expectation
  }
}

const fail =
  (endpoint: FakeEndpoint, ...modes: FaultMode[]) =>
  (ibm: FakeIbm) =>
    ibm.failNext(endpoint, ...modes)
const always = (endpoint: FakeEndpoint, mode: FaultMode) => (ibm: FakeIbm) => ibm.failAlways(endpoint, mode)
const nothing = () => undefined

/** The probe's outcome in the report. */
const probe =
  (outcome: string, more: Record<string, unknown> = {}) =>
  (o: { report?: { probe?: unknown } }) =>
    expect(o.report?.probe).toMatchObject({ outcome, ...more })
/** No answer from IAM: the transport's fault kind, and nothing in the slot of IAM's own error code. */
const unreachable = (transportError: string) => (o: { report?: { probe?: unknown } }) => {
  expect(o.report?.probe).toMatchObject({ outcome: 'unreachable', transportError })
  expect(o.report?.probe).not.toHaveProperty('errorCode')
}
/** Each list's level and error (undefined: read). */
const lists =
  (...expected: Array<[string, RegExp | undefined]>) =>
  (o: { report?: { lists: Array<{ level: string; error?: string }> } }) => {
    const got = o.report?.lists ?? []
    expect(got.map((l) => l.level)).toEqual(expected.map(([level]) => level))
    expected.forEach(([, re], i) => (re ? expect(got[i]!.error).toMatch(re) : expect(got[i]!.error).toBeUndefined()))
  }
const both =
  (...checks: Array<(o: never) => void>) =>
  (o: unknown) =>
    checks.forEach((c) => c(o as never))
/** How many requests reached an endpoint. */
const calls = (endpoint: FakeEndpoint, n: number) => (o: { ibm?: FakeIbm }) =>
  expect(o.ibm?.requestsTo(endpoint)).toHaveLength(n)

const tokenRows: FaultRow[] = [
  ibmRow('token: healthy (baseline)', nothing, {
    result: 'pass',
    code: 0,
    finding: 'none',
    check: both(probe('granted'), lists(['account', undefined], ['user', undefined]))
  }),
  ibmRow(
    'token: refused because of the address (GitHub-hosted)',
    (ibm) => ibm.refuseAddresses({ allowed: [OTHER] }),
    {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_REFUSED_ADDRESS',
      level: 'error',
      check: (o) => {
        expect(o.run.outputs.missing).toBe(EGRESS)
        expect(fixText(o.report?.findings.find((f) => f.code === 'TOKEN_REFUSED_ADDRESS'))).toMatch(/GitHub-hosted/)
      }
    },
    { env: { RUNNER_ENVIRONMENT: 'github-hosted' } }
  ),
  ibmRow(
    'token: refused with an undocumented code and a 401 status',
    (ibm) =>
      ibm.refuseAddresses({
        allowed: [OTHER],
        status: 401,
        errorCode: 'BXNIM0999E',
        errorMessage: 'Request from {ip} is not allowed from this location.'
      }),
    {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_REFUSED_ADDRESS',
      level: 'error',
      check: probe('refused-address', { httpStatus: 401, errorCode: 'BXNIM0999E' })
    }
  ),
  ibmRow(
    'token: unknown key (BXNIM0415E)',
    (ibm) => ibm.addKey('some-other-key', { iamId: USER, accountId: ACCOUNT }),
    {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_INVALID_KEY',
      level: 'error',
      check: probe('invalid-key', { httpStatus: 400, errorCode: 'BXNIM0415E' })
    },
    { config: { keys: {} } }
  ),
  ibmRow('token: suspended identity', always('token', 'suspended'), {
    result: 'fail',
    code: 1,
    finding: 'TOKEN_ERROR',
    level: 'error',
    check: probe('error', { httpStatus: 400 })
  }),
  ibmRow('token: 401', always('token', { status: 401 }), {
    result: 'fail',
    code: 1,
    finding: 'TOKEN_ERROR',
    level: 'error',
    check: both(probe('error', { httpStatus: 401 }), calls('token', 1))
  }),
  ibmRow('token: 429 with Retry-After: 1, then granted', fail('token', { status: 429, retryAfter: 1 }), {
    result: 'pass',
    code: 0,
    finding: 'none',
    minMs: 1000,
    check: both(probe('granted'), calls('token', 2))
  }),
  ibmRow('token: 429 without Retry-After, then granted', fail('token', { status: 429 }), {
    result: 'pass',
    code: 0,
    finding: 'none',
    check: both(probe('granted'), calls('token', 2))
  }),
  ibmRow(
    'token: 429 with Retry-After: 1 on every request',
    always('token', { status: 429, retryAfter: 1 }),
    {
      result: 'unknown',
      code: 0,
      finding: 'TOKEN_UNREACHABLE',
      level: 'warning',
      minMs: 2000,
      check: both(probe('unreachable', { httpStatus: 429 }), calls('token', 3))
    },
    { timeout: 4 }
  ),
  ibmRow(
    'token: 429 with Retry-After: 120 (past the time limit)',
    always('token', { status: 429, retryAfter: 120 }),
    {
      result: 'unknown',
      code: 0,
      finding: 'TOKEN_UNREACHABLE',
      level: 'warning',
      check: both(probe('unreachable', { httpStatus: 429 }), calls('token', 1))
    },
    {
      judgment:
        'A Retry-After longer than the time left is not waited for: the 429 is reported at once (TOKEN_UNREACHABLE), well inside timeout-seconds.'
    }
  ),
  ibmRow('token: 500, then granted', fail('token', { status: 500 }), {
    result: 'pass',
    code: 0,
    finding: 'none',
    check: both(probe('granted'), calls('token', 2))
  }),
  ibmRow('token: 503 on every request', always('token', { status: 503 }), {
    result: 'unknown',
    code: 0,
    finding: 'TOKEN_UNREACHABLE',
    level: 'warning',
    check: both(probe('unreachable', { httpStatus: 503, errorCode: 'FAKE-HTTP-503' }), calls('token', 3))
  }),
  ibmRow('token: a non-JSON error page (502 HTML) on every request', always('token', 'html'), {
    result: 'unknown',
    code: 0,
    finding: 'TOKEN_UNREACHABLE',
    level: 'warning',
    check: probe('unreachable', { httpStatus: 502, errorMessage: 'HTTP 502 with a non-JSON body (HTML page)' })
  }),
  ibmRow(
    'token: a non-JSON error page (403 HTML from a proxy)',
    always('token', { status: 403, body: HTML }),
    {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_ERROR',
      level: 'error',
      check: probe('error', { httpStatus: 403, errorMessage: 'HTTP 403 with a non-JSON body (HTML page)' })
    },
    {
      judgment:
        'A 4xx answer that is not IAM JSON (a proxy or WAF page) is a refusal of the token request: TOKEN_ERROR fails the gate (IAM did not grant a token; nothing says the address is fine).'
    }
  ),
  ibmRow(
    'token: 200 with malformed JSON',
    always('token', 'malformed-json'),
    {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_ERROR',
      level: 'error',
      check: probe('error', { httpStatus: 200 })
    },
    {
      judgment:
        'A 200 without a readable access_token is not a grant: TOKEN_ERROR (fails the gate) rather than a pass on a garbled answer.'
    }
  ),
  ibmRow(
    'token: an access token that is not a JWT',
    always('token', 'non-jwt-token'),
    {
      result: 'pass',
      code: 0,
      finding: 'TOKEN_CLAIMS_MISSING',
      level: 'warning',
      check: both(probe('granted'), lists())
    },
    {
      judgment:
        'A granted token without readable claims still passes (IAM granted it); the lists cannot be read without the account id: warning TOKEN_CLAIMS_MISSING.'
    }
  ),
  ibmRow('token: a JWT without account.bss', always('token', 'jwt-without-account'), {
    result: 'pass',
    code: 0,
    finding: 'TOKEN_CLAIMS_MISSING',
    level: 'warning',
    check: both(probe('granted'), lists())
  }),
  ibmRow(
    'token: a JWT without account.bss, account-id given',
    always('token', 'jwt-without-account'),
    {
      // Without the token's iam_id there is no user list to read... the fake's JWT keeps iam_id, so both are read.
      result: 'pass',
      code: 0,
      finding: 'none',
      check: both(probe('granted'), lists(['account', undefined], ['user', undefined]))
    },
    { inputs: { 'account-id': ACCOUNT } }
  ),
  ibmRow('token: never answers', always('token', 'hang'), {
    result: 'unknown',
    code: 0,
    finding: 'TOKEN_UNREACHABLE',
    level: 'warning',
    check: unreachable('deadline')
  }),
  ibmRow('token: headers, then the body hangs', always('token', 'hang-after-headers'), {
    result: 'unknown',
    code: 0,
    finding: 'TOKEN_UNREACHABLE',
    level: 'warning',
    check: probe('unreachable')
  }),
  ibmRow('token: connection reset on every request', always('token', 'reset'), {
    result: 'unknown',
    code: 0,
    finding: 'TOKEN_UNREACHABLE',
    level: 'warning',
    check: both(unreachable('network'), calls('token', 3))
  }),
  ibmRow(
    'token: nothing listens on the IAM port',
    nothing,
    {
      result: 'unknown',
      code: 0,
      finding: 'TOKEN_UNREACHABLE',
      level: 'warning',
      check: unreachable('network')
    },
    { inputs: { 'iam-endpoint': 'http://127.0.0.1:9' } }
  ),
  ibmRow(
    'token: unreachable, the allowlist input decides (allowed)',
    always('token', 'reset'),
    {
      result: 'pass',
      code: 0,
      finding: 'TOKEN_UNREACHABLE',
      level: 'warning'
    },
    { inputs: { allowlist: '203.0.113.0/24' } }
  ),
  ibmRow(
    'token: a 2 MB answer (larger than the HTTP layer reads)',
    always('token', { status: 200, body: `{"access_token":"${'x'.repeat(2 * 1024 * 1024)}"}` }),
    {
      result: 'unknown',
      code: 0,
      finding: 'TOKEN_UNREACHABLE',
      level: 'warning',
      check: unreachable('too-large')
    }
  ),
  ibmRow(
    'token: an error that echoes the key back',
    (ibm, ctx) =>
      ibm.failAlways('token', {
        status: 400,
        body: {
          errorCode: 'BXNIM0109E',
          errorMessage: `Property apikey=${encodeURIComponent(ctx.key)} (${ctx.key}) is invalid.`
        }
      }),
    {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_ERROR',
      level: 'error',
      check: probe('error', { errorMessage: 'Property apikey=*** (***) is invalid.' })
    }
  ),
  ibmRow(
    'token: a key with form-special characters (+/=&% and a space), refused',
    (ibm) => ibm.refuseAddresses({ allowed: [OTHER] }),
    {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_REFUSED_ADDRESS',
      level: 'error',
      check: (o) =>
        expect(new URLSearchParams(o.ibm?.requestsTo('token')[0]!.body).get('apikey')).toBe(`${o.key}+/=&% x`)
    },
    { keySuffix: '+/=&% x' }
  ),
  ibmRow(
    'token: a key with form-special characters, granted',
    nothing,
    {
      result: 'pass',
      code: 0,
      finding: 'none',
      check: probe('granted')
    },
    { keySuffix: '+/=&% x' }
  ),
  // Verdicts an adversary turned: only a 4xx that speaks of IP restrictions, or names this runner, is a refusal.
  ibmRow(
    'token: 503 whose text speaks of IP restrictions and the address',
    always('token', {
      status: 503,
      body: { errorCode: 'X', errorMessage: `IP ${EGRESS} restricted: not on the allowlist` }
    }),
    {
      result: 'unknown',
      code: 0,
      finding: 'TOKEN_UNREACHABLE',
      level: 'warning',
      check: probe('unreachable', { httpStatus: 503 })
    }
  ),
  ibmRow(
    'token: 429 whose text speaks of IP restrictions',
    always('token', { status: 429, body: { errorCode: 'X', errorMessage: 'Too many requests from this IP' } }),
    {
      result: 'unknown',
      code: 0,
      finding: 'TOKEN_UNREACHABLE',
      level: 'warning',
      check: probe('unreachable', { httpStatus: 429 })
    }
  ),
  ibmRow(
    'token: 400 naming a version that looks like an address',
    always('token', { status: 400, body: { errorCode: 'BXNIM0777E', errorMessage: 'SDK 2.4.1.0 is not supported' } }),
    {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_ERROR',
      level: 'error',
      check: probe('error', { errorCode: 'BXNIM0777E' })
    }
  ),
  ibmRow(
    'token: 400 saying only "restricted"',
    always('token', {
      status: 400,
      body: { errorCode: 'BXNIM0778E', errorMessage: 'Access is restricted for this account' }
    }),
    {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_ERROR',
      level: 'error',
      check: probe('error', { errorCode: 'BXNIM0778E' })
    }
  ),
  ibmRow(
    "token: 403 naming only the runner's own address",
    (ibm) => {
      ibm.setClientAddress(EGRESS)
      ibm.refuseAddresses({
        allowed: ['192.0.2.1'],
        status: 403,
        errorCode: 'NEW_CODE',
        errorMessage: 'Denied for {ip}.'
      })
    },
    {
      result: 'fail',
      code: 1,
      finding: 'TOKEN_REFUSED_ADDRESS',
      level: 'error',
      check: probe('refused-address', { errorCode: 'NEW_CODE' })
    }
  )
]

/** Account list, user list and zones: always with a granted token (so the result is pass unless a private subject fails). */
const listRows: FaultRow[] = [
  ibmRow('account list: 403', always('account', { status: 403 }), {
    result: 'pass',
    code: 0,
    finding: 'LIST_UNREADABLE',
    level: 'warning',
    check: lists(['account', /HTTP 403.*IAM Identity service/], ['user', undefined])
  }),
  ibmRow('account list: 404', always('account', { status: 404 }), {
    result: 'pass',
    code: 0,
    finding: 'LIST_UNREADABLE',
    level: 'warning',
    check: lists(['account', /HTTP 404, no such account/], ['user', undefined])
  }),
  ibmRow('account list: 500, then read', fail('effective', { status: 500 }), {
    result: 'pass',
    code: 0,
    finding: 'none',
    check: both(lists(['account', undefined], ['user', undefined]), calls('effective', 2))
  }),
  ibmRow('account list: 500 on every request', always('account', { status: 500 }), {
    result: 'pass',
    code: 0,
    finding: 'LIST_UNREADABLE',
    level: 'warning',
    check: lists(['account', /HTTP 500 \(IBM service error\) after 3 attempts/], ['user', undefined])
  }),
  ibmRow('account list: malformed JSON', always('account', 'malformed-json'), {
    result: 'pass',
    code: 0,
    finding: 'LIST_UNREADABLE',
    level: 'warning',
    check: lists(['account', /not a JSON object/], ['user', undefined])
  }),
  ibmRow('account list: never answers', always('account', 'hang'), {
    result: 'pass',
    code: 0,
    finding: 'LIST_UNREADABLE',
    level: 'warning',
    check: lists(['account', /deadline/], ['user', undefined])
  }),
  ibmRow(
    'account list: a 2 MB answer',
    always('account', { status: 200, body: `{"allowed_ip_addresses":"${'1.2.3.4,'.repeat(300_000)}"}` }),
    {
      result: 'pass',
      code: 0,
      finding: 'LIST_UNREADABLE',
      level: 'warning',
      check: lists(['account', /too-large/], ['user', undefined])
    }
  ),
  ibmRow(
    'account list: 10,000 entries, runner not in them',
    always('account', 'huge-list'),
    {
      result: 'pass',
      code: 0,
      finding: 'TOKEN_GRANTED_LIST_DISAGREES',
      level: 'warning',
      check: lists(['account', undefined], ['user', undefined])
    },
    {
      judgment:
        "IAM granted the token while the account list (as read) does not allow the runner: IAM's answer wins (pass) with a warning."
    }
  ),
  ibmRow(
    'account list: 10,000 entries, private source not in them',
    always('account', 'huge-list'),
    {
      result: 'fail',
      code: 1,
      finding: 'ADDRESS_NOT_ALLOWED',
      level: 'error',
      check: (o) => expect(o.run.outputs.missing).toBe('10.240.0.5')
    },
    { inputs: { registry: 'private.us.icr.io', 'private-ip': '10.240.0.5' } }
  ),
  ibmRow(
    'account list with entries a shell would expand: the fix pastes as exactly the kept entries',
    (ibm) => ibm.setAccountList(ACCOUNT, `${EGRESS},$(touch pwned),\`id\`,$HOME,it's,a;b,!!,"q"`),
    {
      result: 'fail',
      code: 1,
      finding: 'ADDRESS_NOT_ALLOWED',
      level: 'error',
      check: (o) => {
        const fix = o.report?.findings.find((f) => f.code === 'ADDRESS_NOT_ALLOWED')?.fix
        const pasted = paste(fix?.command ?? '')
        expect(pasted.created).toEqual([])
        expect(pasted.calls.map((c) => c.args)).toEqual([
          ['iam', 'account-settings-update', '--allowed-ip-addresses', `${EGRESS},10.240.0.5`]
        ])
        expect(fix?.steps.join(' ')).toContain('"$(touch pwned)" (not an address')
      }
    },
    { inputs: { registry: 'private.us.icr.io', 'private-ip': '10.240.0.5' } }
  ),
  ibmRow(
    'account list: 10,000 entries holding the runner',
    (ibm) => ibm.setAccountList(ACCOUNT, `${hugeList()},${EGRESS}`),
    {
      result: 'pass',
      code: 0,
      finding: 'none',
      check: (o) => expect(o.report?.matches.find((m) => m.level === 'account')?.entry).toBe(EGRESS)
    }
  ),
  ibmRow('user list: 403', always('user', { status: 403 }), {
    result: 'pass',
    code: 0,
    finding: 'LIST_UNREADABLE',
    level: 'warning',
    check: lists(['account', undefined], ['user', /HTTP 403.*User Management/])
  }),
  ibmRow('user list: 404', always('user', { status: 404 }), {
    result: 'pass',
    code: 0,
    finding: 'LIST_UNREADABLE',
    level: 'warning',
    check: lists(['account', undefined], ['user', /HTTP 404/])
  }),
  ibmRow('user list: 500, then read', fail('user', { status: 500 }), {
    result: 'pass',
    code: 0,
    finding: 'none',
    check: both(lists(['account', undefined], ['user', undefined]), calls('user', 2))
  }),
  ibmRow('user list: malformed JSON', always('user', 'malformed-json'), {
    result: 'pass',
    code: 0,
    finding: 'LIST_UNREADABLE',
    level: 'warning',
    check: lists(['account', undefined], ['user', /not a JSON object/])
  }),
  ibmRow('user list: 10,000 entries, runner not in them', always('user', 'huge-list'), {
    result: 'pass',
    code: 0,
    finding: 'TOKEN_GRANTED_LIST_DISAGREES',
    level: 'warning',
    check: lists(['account', undefined], ['user', undefined])
  }),
  ibmRow(
    'user list: not read for a service ID key',
    nothing,
    {
      result: 'pass',
      code: 0,
      finding: 'none',
      check: both(lists(['account', undefined]), calls('user', 0))
    },
    { serviceId: true }
  ),
  ibmRow(
    'zones: 403',
    always('zones', { status: 403 }),
    {
      result: 'pass',
      code: 0,
      finding: 'ZONE_UNRESOLVED',
      level: 'warning'
    },
    { config: { accounts: { [ACCOUNT]: 'ci-zone' } } }
  ),
  ibmRow(
    'zones: 404',
    always('zones', { status: 404 }),
    {
      result: 'pass',
      code: 0,
      finding: 'ZONE_UNRESOLVED',
      level: 'warning'
    },
    { config: { accounts: { [ACCOUNT]: 'ci-zone' } } }
  ),
  ibmRow(
    'zones: 500, then resolved',
    (ibm) => {
      ibm.addZone({ accountId: ACCOUNT, name: 'ci-zone', addresses: [{ type: 'subnet', value: '203.0.113.0/24' }] })
      ibm.failNext('zones', { status: 500 })
    },
    {
      result: 'pass',
      code: 0,
      finding: 'none',
      check: (o) => expect(o.report?.matches.find((m) => m.level === 'account')?.entry).toBe('zone:ci-zone')
    },
    { config: { accounts: { [ACCOUNT]: 'ci-zone' } } }
  ),
  ibmRow(
    'zones: malformed JSON',
    always('zones', 'malformed-json'),
    {
      result: 'pass',
      code: 0,
      finding: 'ZONE_UNRESOLVED',
      level: 'warning'
    },
    { config: { accounts: { [ACCOUNT]: 'ci-zone' } } }
  ),
  ibmRow(
    'zone: 403 on the zone itself',
    (ibm) => {
      ibm.addZone({ accountId: ACCOUNT, name: 'ci-zone', addresses: [{ type: 'ipAddress', value: EGRESS }] })
      ibm.failAlways('zone', { status: 403 })
    },
    { result: 'pass', code: 0, finding: 'ZONE_UNRESOLVED', level: 'warning' },
    { config: { accounts: { [ACCOUNT]: 'ci-zone' } } }
  ),
  ibmRow(
    'zones: a zone name that does not exist',
    nothing,
    {
      result: 'pass',
      code: 0,
      finding: 'ZONE_UNRESOLVED',
      level: 'warning',
      check: (o) =>
        expect(o.report?.findings.find((f) => f.code === 'ZONE_UNRESOLVED')?.message).toMatch(
          /no network zone named "no-such-zone"/
        )
    },
    { config: { accounts: { [ACCOUNT]: `no-such-zone, ${EGRESS}` } } }
  ),
  ibmRow(
    'zones: a zone with only vpc and serviceRef members',
    (ibm) =>
      ibm.addZone({
        accountId: ACCOUNT,
        name: 'vpc-zone',
        addresses: [
          { type: 'vpc', value: 'crn:v1:bluemix:public:is:us-south:a/x::vpc:r006-1' },
          { type: 'serviceRef', ref: { service_name: 'containers-kubernetes' } }
        ]
      }),
    {
      result: 'pass',
      code: 0,
      finding: 'ZONE_UNCHECKABLE_MEMBERS',
      level: 'warning',
      check: (o) => expect(o.report?.findings.map((f) => f.code)).toContain('TOKEN_GRANTED_LIST_DISAGREES')
    },
    {
      config: { accounts: { [ACCOUNT]: 'vpc-zone' } },
      judgment:
        'A zone whose members cannot be expanded allows nothing in the check: the runner is "not allowed" by it, which a granted token turns into a warning.'
    }
  ),
  ibmRow(
    'zones: a zone with only vpc and serviceRef members, private source',
    (ibm) =>
      ibm.addZone({
        accountId: ACCOUNT,
        name: 'vpc-zone',
        addresses: [{ type: 'serviceRef', ref: { service_name: 'is' } }]
      }),
    {
      result: 'fail',
      code: 1,
      finding: 'ADDRESS_NOT_ALLOWED',
      level: 'error',
      check: (o) => expect(o.report?.findings.map((f) => f.code)).toContain('ZONE_UNCHECKABLE_MEMBERS')
    },
    {
      config: { accounts: { [ACCOUNT]: 'vpc-zone' } },
      inputs: { registry: 'private.us.icr.io', 'private-ip': '10.240.0.5' },
      judgment:
        'A private source address that only a vpc/serviceRef zone might allow fails (error): the check cannot prove it allowed, and the token probe says nothing about private addresses.'
    }
  ),
  ibmRow(
    "zones: the zone's excluded carves out the runner (fail-on: warning)",
    (ibm) =>
      ibm.addZone({
        accountId: ACCOUNT,
        name: 'ci-zone',
        addresses: [{ type: 'subnet', value: '203.0.113.0/24' }],
        excluded: [{ type: 'ipAddress', value: EGRESS }]
      }),
    {
      result: 'pass',
      code: 1,
      finding: 'TOKEN_GRANTED_LIST_DISAGREES',
      level: 'warning',
      check: (o) =>
        expect(o.report?.matches.filter((m) => m.subject === EGRESS).map((m) => m.status)).toEqual([
          'not-allowed',
          'unrestricted'
        ])
    },
    { config: { accounts: { [ACCOUNT]: 'ci-zone' } }, inputs: { 'fail-on': 'warning' } }
  ),
  ibmRow(
    'zones: excluded carves out a private source address',
    (ibm) =>
      ibm.addZone({
        accountId: ACCOUNT,
        name: 'ci-zone',
        addresses: [{ type: 'subnet', value: '10.240.0.0/16' }],
        excluded: [{ type: 'ipRange', value: '10.240.0.0-10.240.0.255' }]
      }),
    {
      result: 'fail',
      code: 1,
      finding: 'ADDRESS_NOT_ALLOWED',
      level: 'error',
      check: (o) => expect(o.run.outputs.missing).toBe('10.240.0.5')
    },
    {
      config: { accounts: { [ACCOUNT]: `ci-zone, ${EGRESS}` } },
      inputs: { registry: 'us.icr.io private.us.icr.io', 'private-ip': '10.240.0.5' }
    }
  ),
  ibmRow(
    'zones: a zone of 10,000 members holding the runner',
    (ibm) =>
      ibm.addZone({
        accountId: ACCOUNT,
        name: 'big-zone',
        addresses: [
          ...hugeList()
            .split(',')
            .map((value) => ({ type: 'ipAddress', value })),
          { type: 'ipAddress', value: EGRESS }
        ]
      }),
    {
      result: 'pass',
      code: 0,
      finding: 'none'
    },
    { config: { accounts: { [ACCOUNT]: 'big-zone' } } }
  ),
  ibmRow(
    'zones: a zone name in the user list',
    nothing,
    {
      result: 'pass',
      code: 0,
      finding: 'ZONE_IN_USER_LIST',
      level: 'warning'
    },
    { config: { users: [{ accountId: ACCOUNT, iamId: USER, list: `ci-zone, ${EGRESS}` }] } }
  )
]

describe('fault matrix: IAM token (dist/index.js, runner-style)', () => {
  test.concurrent.each(tokenRows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    await checkRow(row)
  })
})

describe('fault matrix: account list, user list, zones (dist/index.js, runner-style)', () => {
  test.concurrent.each(listRows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    await checkRow(row)
  })
})

if (process.env.PRINT_MATRIX) {
  // The README's reliability table for these rows: PRINT_MATRIX=1 npx jest __tests__/fault-matrix-ibm
  console.log(
    markdownTable([
      ['IAM token', tokenRows],
      ['lists, zones', listRows]
    ])
  )
}
