import { mkdtempSync, writeFileSync } from 'node:fs'
import { fixText } from '../../harness/fix-text.js'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { COMMENT_MARKER, upsertPrComment, type PrCommentOptions } from '../../../src/action/pr-comment.js'
import { startFakeGitHub, type FakeGitHub } from '../../fakes/fake-github.js'

const TOKEN = 'ghs_TESTONLYtoken0123456789'
const PR = 42
let gh: FakeGitHub
let eventPath: string

beforeAll(async () => {
  gh = await startFakeGitHub()
  // @actions/github picks its proxy agent for GITHUB_API_URL when first imported: point it at the fake too.
  process.env.GITHUB_API_URL = gh.url
  const dir = mkdtempSync(path.join(tmpdir(), 'pr-comment-'))
  eventPath = path.join(dir, 'event.json')
  writeFileSync(eventPath, JSON.stringify({ action: 'synchronize', number: PR, pull_request: { number: PR } }))
})
afterAll(async () => gh.close())
beforeEach(() => {
  gh.comments.clear()
  gh.requests.length = 0
  gh.forbidden = 'none'
})

function opts(over: Partial<PrCommentOptions> = {}): PrCommentOptions {
  return {
    token: TOKEN,
    apiUrl: gh.url,
    repository: 'acme/app',
    eventName: 'pull_request',
    eventPath,
    mode: 'always',
    failed: true,
    body: '## Preflight: fail',
    ...over
  }
}

describe('upsertPrComment', () => {
  it('creates one comment on the first run and updates that same comment on the second', async () => {
    const first = await upsertPrComment(opts())
    expect(first).toMatchObject({ action: 'created' })
    expect(gh.comments.get(PR)).toHaveLength(1)
    const [comment] = gh.comments.get(PR) ?? []
    expect(comment!.body).toBe(`${COMMENT_MARKER}\n## Preflight: fail`)
    expect(gh.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true)

    const second = await upsertPrComment(opts({ body: '## Preflight: pass', failed: false }))
    expect(second).toEqual({ action: 'updated', url: comment!.html_url, commentId: comment!.id })
    expect(gh.comments.get(PR)).toHaveLength(1)
    expect(gh.comments.get(PR)?.[0]!.body).toBe(`${COMMENT_MARKER}\n## Preflight: pass`)
    expect(gh.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'PATCH'])
  })

  it('finds the marker past the first page (Link paging) and stops paging there', async () => {
    for (let i = 0; i < 130; i++) gh.seed(PR, `comment ${i}`)
    const ours = gh.seed(PR, `${COMMENT_MARKER}\nold report`, 'github-actions[bot]')
    for (let i = 0; i < 120; i++) gh.seed(PR, `later ${i}`)
    const result = await upsertPrComment(opts())
    expect(result).toMatchObject({ action: 'updated', commentId: ours.id })
    const gets = gh.requests.filter((r) => r.method === 'GET').map((r) => r.url)
    expect(gets).toHaveLength(2)
    expect(gets[1]).toContain('page=2')
    expect(gh.comments.get(PR)).toHaveLength(251)
  })

  it('does not take a comment that merely quotes the marker for its own', async () => {
    gh.seed(PR, `> ${COMMENT_MARKER}\n> quoted report\nI disagree`)
    const result = await upsertPrComment(opts())
    expect(result.action).toBe('created')
    expect(gh.comments.get(PR)).toHaveLength(2)
  })

  it('warns with the permissions block on 403 "Resource not accessible by integration", token never shown', async () => {
    gh.forbidden = 'writes'
    const result = await upsertPrComment(opts())
    expect(result.action).toBe('failed')
    if (result.action !== 'failed') return
    expect(result.finding).toMatchObject({ severity: 'warning', code: 'PR_COMMENT_FAILED' })
    expect(result.finding.message).toContain('Resource not accessible by integration')
    expect(fixText(result.finding)).toContain('permissions:\n  contents: read\n  pull-requests: write')
    expect(JSON.stringify(result)).not.toContain(TOKEN)
  })

  it('warns (no throw) when the API cannot be reached', async () => {
    const result = await upsertPrComment(opts({ apiUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }))
    expect(result.action).toBe('failed')
    if (result.action === 'failed') expect(result.finding.fix).toBeUndefined()
  })

  describe('on-failure', () => {
    it('skips a passing run when there is no earlier comment', async () => {
      const result = await upsertPrComment(opts({ mode: 'on-failure', failed: false }))
      expect(result).toMatchObject({ action: 'skipped' })
      expect(gh.requests.map((r) => r.method)).toEqual(['GET'])
      expect(gh.comments.get(PR)).toBeUndefined()
    })

    it('updates an earlier comment on a passing run, so no stale failure stands', async () => {
      const old = gh.seed(PR, `${COMMENT_MARKER}\n## Preflight: fail`, 'github-actions[bot]')
      const result = await upsertPrComment(opts({ mode: 'on-failure', failed: false, body: '## Preflight: pass' }))
      expect(result).toMatchObject({ action: 'updated', commentId: old.id })
      expect(old.body).toContain('pass')
    })

    it('creates a comment on a failing run', async () => {
      const result = await upsertPrComment(opts({ mode: 'on-failure', failed: true }))
      expect(result.action).toBe('created')
    })
  })

  it('skips events that are not pull requests, without calling the API', async () => {
    const result = await upsertPrComment(opts({ eventName: 'push' }))
    expect(result).toEqual({ action: 'skipped', reason: 'event push is not a pull request' })
    expect(gh.requests).toHaveLength(0)
  })

  it('accepts pull_request_target', async () => {
    expect((await upsertPrComment(opts({ eventName: 'pull_request_target' }))).action).toBe('created')
  })

  it('warns when the event payload names no pull request', async () => {
    const result = await upsertPrComment(opts({ eventPath: path.join(tmpdir(), 'no-such-event.json') }))
    expect(result.action).toBe('failed')
    expect(gh.requests).toHaveLength(0)
  })
})

describe('a comment listing that never ends', () => {
  it('stops at the one deadline for the whole exchange, with a warning, however many pages come', async () => {
    let pages = 0
    const endless = (await import('node:http')).createServer((req, res) => {
      pages += 1
      const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? '1')
      const comments = Array.from({ length: 100 }, (_, i) => ({ id: page * 1000 + i, body: 'lgtm', html_url: 'x' }))
      setTimeout(() => {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          Link: `<${endlessUrl}/repos/acme/app/issues/${PR}/comments?per_page=100&page=${String(page + 1)}>; rel="next"`
        })
        res.end(JSON.stringify(comments))
      }, 60)
    })
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve))
    const endlessUrl = `http://127.0.0.1:${String((endless.address() as import('node:net').AddressInfo).port)}`
    try {
      const budgetMs = 1500
      const started = Date.now()
      const result = await upsertPrComment(opts({ apiUrl: endlessUrl, timeoutMs: budgetMs }))
      expect(result.action).toBe('failed')
      if (result.action === 'failed') expect(result.finding.message).toMatch(/did not answer in time/)
      // Bounded by the exchange's own budget, with room for a loaded machine.
      expect(Date.now() - started).toBeLessThan(budgetMs + 2000)
      expect(pages).toBeGreaterThan(3)
    } finally {
      endless.closeAllConnections()
      await new Promise<void>((resolve) => endless.close(() => resolve()))
    }
  })
})
