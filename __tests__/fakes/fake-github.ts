/**
 * A loopback fake of the three GitHub REST endpoints the pull-request comment uses. Listens on 127.0.0.1 only.
 *
 *   GET   /repos/{o}/{r}/issues/{n}/comments?per_page=&page=   (paged, with a `Link` header like GitHub's)
 *   POST  /repos/{o}/{r}/issues/{n}/comments                   (201, the new comment)
 *   PATCH /repos/{o}/{r}/issues/comments/{id}                  (200, the updated comment)
 *
 * `forbidden` answers writes (or everything) with GitHub's real 403 body for a token without permission.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** A stored comment, as GitHub returns it (the fields the client reads, plus a few for realism). */
export interface FakeComment {
  id: number
  body: string
  html_url: string
  user: { login: string; type: string }
}

/** One request the fake saw. */
export interface SeenRequest {
  method: string
  url: string
  authorization?: string
}

/** A running fake. */
export interface FakeGitHub {
  url: string
  /** Comments by pull-request number. */
  comments: Map<number, FakeComment[]>
  requests: SeenRequest[]
  /** `writes`: POST/PATCH get 403; `all`: every request does. */
  forbidden: 'none' | 'writes' | 'all'
  /** Adds a comment directly (for setting up pages of other people's comments). */
  seed(pr: number, body: string, user?: string): FakeComment
  close(): Promise<void>
}

/** GitHub's body for a GITHUB_TOKEN without the needed permission. */
export const FORBIDDEN_BODY = {
  message: 'Resource not accessible by integration',
  documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment',
  status: '403'
}

/** Starts the fake on an ephemeral 127.0.0.1 port. */
export async function startFakeGitHub(): Promise<FakeGitHub> {
  let nextId = 1000
  const fake: FakeGitHub = {
    url: '',
    comments: new Map(),
    requests: [],
    forbidden: 'none',
    seed(pr, body, user = 'someone') {
      const c: FakeComment = {
        id: nextId++,
        body,
        html_url: `https://github.example/o/r/pull/${pr}#issuecomment-${nextId - 1}`,
        user: { login: user, type: user.endsWith('[bot]') ? 'Bot' : 'User' }
      }
      fake.comments.set(pr, [...(fake.comments.get(pr) ?? []), c])
      return c
    },
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      fake.requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization })
      const send = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
        res.end(JSON.stringify(body))
      }
      const url = new URL(req.url ?? '/', fake.url)
      const isWrite = req.method === 'POST' || req.method === 'PATCH'
      if (fake.forbidden === 'all' || (fake.forbidden === 'writes' && isWrite)) return send(403, FORBIDDEN_BODY)
      const list = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(url.pathname)
      const one = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(url.pathname)
      const input = chunks.length > 0 ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body?: string }) : {}
      if (list && req.method === 'GET') {
        const all = fake.comments.get(Number(list[1])) ?? []
        const perPage = Math.min(Number(url.searchParams.get('per_page') ?? 30), 100)
        const page = Number(url.searchParams.get('page') ?? 1)
        const last = Math.max(1, Math.ceil(all.length / perPage))
        const link = (p: number, rel: string): string => {
          const u = new URL(url.pathname, fake.url)
          u.searchParams.set('per_page', String(perPage))
          u.searchParams.set('page', String(p))
          return `<${u.toString()}>; rel="${rel}"`
        }
        const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : []
        return send(
          200,
          all.slice((page - 1) * perPage, page * perPage),
          links.length ? { link: links.join(', ') } : {}
        )
      }
      if (list && req.method === 'POST') {
        return send(201, fake.seed(Number(list[1]), input.body ?? '', 'github-actions[bot]'))
      }
      if (one && req.method === 'PATCH') {
        for (const comments of fake.comments.values()) {
          const c = comments.find((x) => x.id === Number(one[1]))
          if (c) {
            c.body = input.body ?? c.body
            return send(200, c)
          }
        }
        return send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' })
      }
      send(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}
