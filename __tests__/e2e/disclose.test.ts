/**
 * `disclose: auto` on a public repository's event: the bundled action, run as the runner runs it with a key,
 * an account list that refuses the private source, and the PR comment, shows no list entry and no account
 * id anywhere (stdout, summary, outputs, the report output, the comment), yet still the addresses to add.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FakeGitHub, startFakeGitHub } from '../fakes/fake-github.js'
import { startFakeIbm, type FakeIbm } from '../fakes/fake-ibm.js'
import { runAction } from '../harness/runner.js'

const KEY = 'disclose-test-key-0123456789-abcdefghijklmnopq'
const ACCOUNT = 'aa11bb22cc33dd44ee55ff6677889900'
const EGRESS = '203.0.113.77'
/** Entries a company would not want published, none of them the runner's address. */
const ENTRIES = ['198.51.100.0/24', '192.0.2.17', 'hq-office-zone-x', '17.5.7.8 - 17.5.9.5']

let github: FakeGitHub
let ibm: FakeIbm
let eventPath: string

beforeAll(async () => {
  github = await startFakeGitHub()
  ibm = await startFakeIbm({
    keys: { [KEY]: { iamId: 'IBMid-DISCLOSE', accountId: ACCOUNT } },
    accounts: { [ACCOUNT]: [EGRESS, ...ENTRIES].join(',') },
    clientAddress: EGRESS
  })
  const dir = mkdtempSync(join(tmpdir(), 'preflight-disclose-'))
  eventPath = join(dir, 'event.json')
  writeFileSync(
    eventPath,
    JSON.stringify({ number: 9, pull_request: { number: 9 }, repository: { private: false, visibility: 'public' } })
  )
})
afterAll(async () => {
  await github.close()
  await ibm.close()
})

describe('disclose: auto on a public repository', () => {
  it('no list entry and no account id anywhere; the addresses to add still shown', async () => {
    const r = await runAction({
      inputs: {
        apikey: KEY,
        'egress-ip': EGRESS,
        registry: 'private.us.icr.io',
        'private-ip': '10.240.0.5',
        'iam-endpoint': ibm.iamUrl,
        'user-management-endpoint': ibm.umUrl,
        'cbr-endpoint': ibm.cbrUrl,
        disclose: 'auto',
        'comment-on-pr': 'true',
        'github-token': 'ghs_disclosetesttoken0123456789abcdef'
      },
      env: {
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: 'acme/app',
        GITHUB_API_URL: github.url,
        RUNNER_ENVIRONMENT: 'self-hosted'
      }
    })
    expect(r.outputs.result).toBe('fail')
    expect(r.outputs.missing).toBe('10.240.0.5')
    const comment = (github.comments.get(9) ?? []).map((c) => c.body).join('\n')
    expect(comment).toContain('10.240.0.5')
    const everything = `${r.everything}\n${comment}`
    for (const secret of [ACCOUNT, ...ENTRIES, 'hq-office-zone-x']) expect(everything).not.toContain(secret)
    expect(r.stdout).toContain(`::add-mask::${ACCOUNT}`)
    expect(r.summary).toMatch(/Account list[^\n]*: 5 entries/)
    expect(r.summary).toContain('accounts/***/')
    const report = JSON.parse(r.outputs.report ?? '{}') as { lists: Array<{ raw?: string; counts?: unknown }> }
    expect(report.lists.find((l) => l.raw !== undefined)).toBeUndefined()
    expect(r.summary).toContain('account-settings --output json | jq')
  })

  it('a private repository shows the lists in full', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preflight-disclose-'))
    const privateEvent = join(dir, 'event.json')
    writeFileSync(privateEvent, JSON.stringify({ repository: { private: true } }))
    const r = await runAction({
      inputs: { 'egress-ip': EGRESS, allowlist: ENTRIES.join(','), disclose: 'auto' },
      env: { GITHUB_EVENT_PATH: privateEvent }
    })
    expect(r.summary).toContain('198.51.100.0/24')
  })
})
