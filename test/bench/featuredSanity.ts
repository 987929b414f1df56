/**
 * The sanity pass of the feature-equal hand-written clients (issue 21), shared by both lines' tests
 * (test/bench/featured.test.ts, test/v4/featured.test.ts): a scripted loopback server and the cases on which
 * the hand-written client must do what this client does: the same answers, the same refusals of bad input and
 * of bad or oversized bodies, the same retries (and none of a create the server may have taken), one log line
 * per failed attempt. Effect-free, so that each line's test brings its own effect.
 */
import * as http from "node:http"
import type { AddressInfo, Socket } from "node:net"
import { connectorKey, listBody, projectId } from "../../bench/fixtures.js"

/** One scripted answer. `chunked`: sent in pieces with no `content-length`, so only a byte count can stop it. */
export interface Reply {
  readonly status: number
  readonly headers?: Readonly<Record<string, string>>
  readonly body?: string
  readonly chunked?: boolean
}

export interface Received {
  readonly method: string
  readonly url: string
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

export interface ScriptedServer {
  /** The base URL to give a client. */
  readonly url: string
  /** Answers the next requests with `replies`, in order, then with a list of 3; forgets what it received. */
  readonly script: (replies: ReadonlyArray<Reply>) => void
  /** What it received since the last `script`. */
  readonly received: () => ReadonlyArray<Received>
  readonly close: () => Promise<void>
}

const listOf3: Reply = { status: 200, headers: { "content-type": "application/json" }, body: listBody(3) }

/** A server on 127.0.0.1, a free port; it closes itself after `maxMs` if the test never does. */
export const startScriptedServer = (maxMs = 120_000): Promise<ScriptedServer> =>
  new Promise((resolve, reject) => {
    let replies: Array<Reply> = []
    let received: Array<Received> = []
    const sockets = new Set<Socket>()
    const server = http.createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (chunk: Buffer) => chunks.push(chunk))
      req.on("end", () => {
        received.push({
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8")
        })
        const reply = replies.shift() ?? listOf3
        const body = reply.body ?? ""
        if (reply.chunked === true) {
          res.writeHead(reply.status, reply.headers)
          for (let i = 0; i < body.length; i += 256) res.write(body.slice(i, i + 256))
          res.end()
        } else {
          res.writeHead(reply.status, { ...reply.headers, "content-length": String(Buffer.byteLength(body)) })
          res.end(body)
        }
      })
    })
    server.on("connection", (socket) => {
      sockets.add(socket)
      socket.on("close", () => sockets.delete(socket))
    })
    const close = () =>
      new Promise<void>((done) => {
        clearTimeout(timer)
        for (const socket of sockets) socket.destroy()
        server.close(() => done())
      })
    const timer = setTimeout(() => void close(), maxMs)
    timer.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2`,
        script: (next) => {
          replies = [...next]
          received = []
        },
        received: () => received,
        close
      })
    })
  })

/** A call as plain data: each line's test turns it into its client's and the hand-written client's call. */
export type SanityCall =
  | {
    readonly op: "list"
    readonly input: { readonly workspaceId: number; readonly projectId: number; readonly connectorKey: string }
  }
  | {
    readonly op: "create"
    readonly input: {
      readonly workspaceId: number
      readonly projectId: number
      readonly connectorKey: string
      readonly requestBody: Readonly<Record<string, unknown>>
    }
  }

/** How a call ended, in terms both clients share: its value, or the kind of its error. */
export type SanityOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly kind: string }

export interface SanityRun {
  readonly outcome: SanityOutcome
  /** The log lines that tell of a failed attempt. */
  readonly failedAttemptLines: number
}

/** The kind of an error, by its tag, whichever client failed with it; unknown tags are kept as they are. */
export const kindOf = (tag: string): string => {
  switch (tag) {
    case "MammothAnalyticsInvalidRequestError":
    case "FeaturedInvalidInput":
      return "refused input"
    case "MammothAnalyticsResponseValidationError":
    case "FeaturedInvalidResponse":
      return "refused answer"
    case "MammothAnalyticsUnauthorizedError":
    case "FeaturedUnauthorized":
      return "401"
    case "MammothAnalyticsForbiddenError":
    case "FeaturedForbidden":
      return "403"
    case "MammothAnalyticsClientError":
    case "MammothAnalyticsValidationError":
    case "MammothAnalyticsDefaultError":
    case "FeaturedBadRequest":
    case "FeaturedStatusError":
      return "status"
    case "MammothAnalyticsTransportError":
    case "FeaturedTransportError":
      return "transport"
    case "MammothAnalyticsTimeoutError":
    case "TimeoutException":
    case "TimeoutError":
      return "timeout"
    default:
      return tag
  }
}

/** Whether a log line tells of a failed attempt: this client's line, or the hand-written client's. */
export const isFailedAttemptLine = (line: string): boolean =>
  /: attempt \d+ failed \(/.test(line) || /^[A-Z]+ \S+ failed: /.test(line)

export interface SanityCase {
  readonly name: string
  readonly call: SanityCall
  readonly replies: ReadonlyArray<Reply>
  /** The largest 2xx body each client reads. */
  readonly maxBodyBytes?: number
  /** What both must do: the outcome's kind (`ok` for a success) and how many requests they send. */
  readonly expected: { readonly kind: string; readonly requests: number }
  /** Whether the values must be equal too (a create's answer is a job in this client, raw JSON by hand). */
  readonly sameValue: boolean
}

const scope = { workspaceId: 3, projectId, connectorKey }
const list = (input: Partial<typeof scope> = {}): SanityCall => ({ op: "list", input: { ...scope, ...input } })
const json = { "content-type": "application/json" }
const unavailable: Reply = { status: 503, headers: { ...json, "retry-after": "0" }, body: "{}" }

export const sanityCases: ReadonlyArray<SanityCase> = [
  {
    name: "a list of 3",
    call: list(),
    replies: [],
    expected: { kind: "ok", requests: 1 },
    sameValue: true
  },
  {
    name: "a connector key that needs encoding",
    call: list({ connectorKey: "a/b c?" }),
    replies: [],
    expected: { kind: "ok", requests: 1 },
    sameValue: true
  },
  ...[
    ["workspace 0", { workspaceId: 0 }],
    ["a fractional project", { projectId: 1.5 }],
    ["an empty connector key", { connectorKey: "" }],
    ["the connector key ..", { connectorKey: ".." }]
  ].map(([name, input]): SanityCase => ({
    name: `refused input: ${name as string}`,
    call: list(input as Partial<typeof scope>),
    replies: [],
    expected: { kind: "refused input", requests: 0 },
    sameValue: true
  })),
  {
    name: "a 200 that is not JSON",
    call: list(),
    replies: [{ status: 200, headers: json, body: "<html>" }],
    expected: { kind: "refused answer", requests: 1 },
    sameValue: true
  },
  {
    name: "a 200 that is not a connection list",
    call: list(),
    replies: [{ status: 200, headers: json, body: JSON.stringify({ connections: [{ connection_key: 5 }] }) }],
    expected: { kind: "refused answer", requests: 1 },
    sameValue: true
  },
  {
    name: "an oversized 200, with no content-length",
    call: list(),
    maxBodyBytes: 1_024,
    replies: [{ status: 200, headers: json, body: listBody(20), chunked: true }],
    expected: { kind: "refused answer", requests: 1 },
    sameValue: true
  },
  {
    name: "an oversized 200, with its content-length",
    call: list(),
    maxBodyBytes: 1_024,
    replies: [{ status: 200, headers: json, body: listBody(20) }],
    expected: { kind: "refused answer", requests: 1 },
    sameValue: true
  },
  {
    name: "a 401 is not retried",
    call: list(),
    replies: [{ status: 401, headers: json, body: JSON.stringify({ status_code: 401, detail: "no" }) }],
    expected: { kind: "401", requests: 1 },
    sameValue: true
  },
  {
    name: "a 403 is not retried",
    call: list(),
    replies: [{ status: 403, headers: json, body: JSON.stringify({ status_code: 403, detail: "no" }) }],
    expected: { kind: "403", requests: 1 },
    sameValue: true
  },
  {
    name: "a scripted 503, then the list",
    call: list(),
    replies: [unavailable],
    expected: { kind: "ok", requests: 2 },
    sameValue: true
  },
  {
    name: "503 every time: 4 retries, then the status",
    call: list(),
    replies: Array.from({ length: 6 }, () => unavailable),
    expected: { kind: "status", requests: 5 },
    sameValue: true
  },
  {
    name: "a create answered 503 is not sent again",
    call: { op: "create", input: { ...scope, requestBody: { name: "pg" } } },
    replies: [unavailable],
    expected: { kind: "status", requests: 1 },
    sameValue: true
  },
  {
    name: "a create answered 429 (not taken) is sent again",
    call: { op: "create", input: { ...scope, requestBody: { name: "pg" } } },
    replies: [{ status: 429, headers: { ...json, "retry-after": "0" }, body: "{}" }, { status: 202 }],
    expected: { kind: "ok", requests: 2 },
    sameValue: false
  }
]

/** What the server must see alike from both clients: the request line, the credentials, the body. */
export const sentOf = (received: ReadonlyArray<Received>) =>
  received.map((r) => ({
    method: r.method,
    url: r.url,
    key: r.headers["x-api-key"],
    secret: r.headers["x-api-secret"],
    workspace: r.headers["x-workspace-id"],
    body: r.body === "" ? undefined : JSON.parse(r.body) as unknown
  }))

/** A value as data: classes, `Option`s and the like of either client compared by their JSON. */
export const plain = (outcome: SanityOutcome): SanityOutcome =>
  outcome.ok ? { ok: true, value: JSON.parse(JSON.stringify(outcome.value ?? null)) as unknown } : outcome
