// A fake GitHub REST API on 127.0.0.1 for the Action's tests. Every request
// is matched and validated against GitHub's published OpenAPI description
// (@octokit/openapi, api.github.com) with openapi-backend; what the
// description cannot say (per_page <= 100, <= 50 annotations per request,
// comment body <= 65,536, check summary/text <= 65,535, title <= 255) is
// enforced here. A request that breaks the contract gets a 422 and is listed
// in `violations`, so a test can assert there are none.

import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { OpenAPIBackend, type Request as OARequest } from 'openapi-backend'

export interface Recorded {
  method: string
  path: string
  query: Record<string, string>
  operationId: string
  token: string
  body: unknown
  status: number
}

export interface PrFile {
  filename: string
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged'
  previous_filename?: string
}

interface Fault {
  operationId: string
  status: number
  headers?: Record<string, string>
  body?: unknown
  /** How many times (default 1). */
  times?: number
}

export interface Comment {
  id: number
  body: string
}

export interface CheckRun {
  id: number
  head_sha: string
  name: string
  status?: string
  conclusion?: string
  title?: string
  summary?: string
  annotations: Array<Record<string, unknown>>
}

export interface Scenario {
  /** The PR's files as GitHub lists them (the listing stops at 3,000). */
  prFiles: PrFile[]
  /** Tokens that can read but not write (fork PRs, missing permissions): 403 on writes. */
  readOnlyTokens: string[]
  faults: Fault[]
}

/** GitHub stops listing a pull request's files here. */
const LISTING_CAP = 3000

let backend: Promise<OpenAPIBackend> | undefined

/** The OpenAPI backend, loaded once per test file (about 1-2 s). */
function loadBackend(): Promise<OpenAPIBackend> {
  backend ??= (async () => {
    const require = createRequire(import.meta.url)
    const file = require.resolve('@octokit/openapi/generated/api.github.com.json')
    const api = new OpenAPIBackend({
      definition: JSON.parse(readFileSync(file, 'utf8')),
      quick: true,
      validate: true,
      customizeAjv: (ajv) => {
        ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)))
        ajv.addFormat('uri', (s: string) => /^[a-z][a-z0-9+.-]*:/i.test(s))
        ajv.addFormat('email', (s: string) => s.includes('@'))
        ajv.addFormat('date', (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s))
        return ajv
      }
    })
    await api.init()
    return api
  })()
  return backend
}

export class FakeGitHub {
  readonly requests: Recorded[] = []
  readonly violations: string[] = []
  readonly comments: Comment[] = []
  readonly checkRuns: CheckRun[] = []
  scenario: Scenario = { prFiles: [], readOnlyTokens: [], faults: [] }
  private server?: Server
  private nextId = 1000
  url = ''

  static async start(): Promise<FakeGitHub> {
    const fake = new FakeGitHub()
    const api = await loadBackend()
    fake.server = createServer((req, res) => {
      fake.handle(api, req, res).catch((e: unknown) => {
        fake.violations.push(`fake crashed: ${String(e)}`)
        res.writeHead(500).end()
      })
    })
    await new Promise<void>((r) => fake.server!.listen(0, '127.0.0.1', r))
    fake.url = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`
    return fake
  }

  /** Forget requests, comments and check runs; set a new scenario. */
  reset(s: Partial<Scenario> = {}): void {
    this.requests.length = 0
    this.violations.length = 0
    this.comments.length = 0
    this.checkRuns.length = 0
    this.scenario = { prFiles: [], readOnlyTokens: [], faults: [], ...s }
  }

  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()))
  }

  /** Everything the API received, as one string (for "no planted value" checks). */
  received(): string {
    return this.requests.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)} ${JSON.stringify(r.body)}`).join('\n')
  }

  byOperation(id: string): Recorded[] {
    return this.requests.filter((r) => r.operationId === id)
  }

  private async handle(api: OpenAPIBackend, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks).toString('utf8')
    const url = new URL(req.url ?? '/', 'http://x')
    const query = Object.fromEntries(url.searchParams)
    let body: unknown
    try {
      body = raw ? JSON.parse(raw) : undefined
    } catch {
      return this.reply(res, 400, { message: 'Problems parsing JSON' }, undefined)
    }
    const token = String(req.headers.authorization ?? '').replace(/^(token|bearer) /i, '')
    const oaReq: OARequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query,
      headers: req.headers as Record<string, string>,
      body
    }
    const op = api.matchOperation(oaReq)
    const rec: Recorded = { method: oaReq.method, path: url.pathname, query, operationId: op?.operationId ?? '?', token, body, status: 0 }
    this.requests.push(rec)
    if (!op) return this.violate(res, rec, `no such operation: ${rec.method} ${rec.path}`)
    const v = api.validateRequest(oaReq, op)
    if (!v.valid) return this.violate(res, rec, `${op.operationId}: ${JSON.stringify(v.errors)}`)
    const limit = this.limits(rec)
    if (limit) return this.violate(res, rec, `${op.operationId}: ${limit}`)
    if (!token) return this.reply(res, 401, { message: 'Requires authentication' }, rec)

    const fault = this.scenario.faults.find((f) => f.operationId === op.operationId && (f.times ?? 1) > 0)
    if (fault) {
      fault.times = (fault.times ?? 1) - 1
      return this.reply(res, fault.status, fault.body ?? { message: `fault ${fault.status}` }, rec, fault.headers)
    }
    const write = rec.method !== 'GET'
    if (write && this.scenario.readOnlyTokens.includes(token))
      return this.reply(
        res,
        403,
        { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' },
        rec
      )
    return this.route(res, rec)
  }

  private limits(r: Recorded): string | undefined {
    if (r.query.per_page !== undefined && Number(r.query.per_page) > 100) return `per_page ${r.query.per_page} > 100`
    const b = (r.body ?? {}) as { body?: string; output?: { summary?: string; text?: string; title?: string; annotations?: unknown[] } }
    if (typeof b.body === 'string' && b.body.length > 65_536) return `comment body ${b.body.length} > 65,536 characters`
    const o = b.output
    if (o?.annotations && o.annotations.length > 50) return `${o.annotations.length} annotations > 50 per request`
    if (o?.summary && o.summary.length > 65_535) return `output.summary ${o.summary.length} > 65,535`
    if (o?.text && o.text.length > 65_535) return `output.text ${o.text.length} > 65,535`
    if (o?.title && o.title.length > 255) return `output.title ${o.title.length} > 255`
    return undefined
  }

  private route(res: ServerResponse, r: Recorded): void {
    const b = (r.body ?? {}) as Record<string, unknown>
    const page = Number(r.query.page ?? 1)
    const perPage = Number(r.query.per_page ?? 30)
    switch (r.operationId) {
      case 'pulls/list-files': {
        const start = (page - 1) * perPage
        const end = Math.min(start + perPage, LISTING_CAP)
        const files = start >= LISTING_CAP ? [] : this.scenario.prFiles.slice(start, end)
        return this.reply(
          res,
          200,
          files.map((f, i) => ({
            sha: String(i).padStart(40, '0'),
            filename: f.filename,
            status: f.status,
            additions: 1,
            deletions: 0,
            changes: 1,
            blob_url: 'https://github.com/o/r/blob/x',
            raw_url: 'https://github.com/o/r/raw/x',
            contents_url: 'https://api.github.com/repos/o/r/contents/x',
            ...(f.previous_filename ? { previous_filename: f.previous_filename } : {})
          })),
          r
        )
      }
      case 'checks/create': {
        const out = (b.output ?? {}) as { title?: string; summary?: string; annotations?: Array<Record<string, unknown>> }
        const run: CheckRun = {
          id: this.nextId++,
          head_sha: String(b.head_sha),
          name: String(b.name),
          status: b.status as string | undefined,
          conclusion: b.conclusion as string | undefined,
          title: out.title,
          summary: out.summary,
          annotations: [...(out.annotations ?? [])]
        }
        this.checkRuns.push(run)
        return this.reply(res, 201, { id: run.id, head_sha: run.head_sha, name: run.name, status: run.status ?? 'queued' }, r)
      }
      case 'checks/update': {
        const id = Number(r.path.split('/').pop())
        const run = this.checkRuns.find((c) => c.id === id)
        if (!run) return this.reply(res, 404, { message: 'Not Found' }, r)
        const out = (b.output ?? {}) as { title?: string; summary?: string; annotations?: Array<Record<string, unknown>> }
        if (b.status) run.status = b.status as string
        if (b.conclusion) run.conclusion = b.conclusion as string
        if (out.summary) run.summary = out.summary
        if (out.title) run.title = out.title
        run.annotations.push(...(out.annotations ?? []))
        return this.reply(res, 200, { id: run.id, head_sha: run.head_sha, name: run.name, status: run.status }, r)
      }
      case 'issues/list-comments':
        return this.reply(
          res,
          200,
          this.comments
            .slice((page - 1) * perPage, page * perPage)
            .map((c) => ({ id: c.id, body: c.body, user: { login: 'github-actions[bot]' } })),
          r
        )
      case 'issues/create-comment': {
        const c = { id: this.nextId++, body: String(b.body) }
        this.comments.push(c)
        return this.reply(res, 201, c, r)
      }
      case 'issues/update-comment': {
        const id = Number(r.path.split('/').pop())
        const c = this.comments.find((x) => x.id === id)
        if (!c) return this.reply(res, 404, { message: 'Not Found' }, r)
        c.body = String(b.body)
        return this.reply(res, 200, c, r)
      }
      default:
        return this.reply(res, 501, { message: `fake: ${r.operationId} not implemented` }, r)
    }
  }

  private violate(res: ServerResponse, r: Recorded, why: string): void {
    this.violations.push(why)
    this.reply(res, 422, { message: `contract violation: ${why}` }, r)
  }

  private reply(res: ServerResponse, status: number, body: unknown, r: Recorded | undefined, headers: Record<string, string> = {}): void {
    if (r) r.status = status
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-remaining': '4999', ...headers })
    res.end(JSON.stringify(body))
  }
}
