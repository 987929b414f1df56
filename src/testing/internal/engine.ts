/**
 * The fake's logic: route matching, parameter and body validation, the in-memory store, secret masking and
 * fault injection. Everything is read from the operation descriptions of `ConnectionsApi`, the same ones the
 * client is built from, so the two cannot drift.
 *
 * The engine speaks plain requests and outcomes (`FakeRequest` -> `FakeOutcome`); `MammothFake` adapts it to
 * `fetch` (in memory) and to `node:http` (a real server).
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Api from "../../ConnectionsApi.js"
import type { Operation } from "../../ConnectionsApi.js"
import { bodyIssues, readParam } from "../../core/input.js"
import type { Param } from "../../core/operations.js"
import { isSecretName, maskSecrets, secretMask } from "../../core/secrets.js"
import type {
  Credentials,
  FakeOptions,
  FakeOutcome,
  FakeRequest,
  FakeStats,
  Fault,
  OperationName,
  StoredConnection
} from "../MammothFake.js"

export { isSecretName, maskSecrets, secretMask, secretNameFragments } from "../../core/secrets.js"

/** The path of the spec's server URL (`https://app.mammoth.io/api/v2`): every route lives under it. */
export const basePath = "/api/v2"

/** One operation as the fake routes it: its description and the regular expression of its path. */
interface Route {
  readonly operation: Operation<any, any>
  readonly pattern: RegExp
  /** The path parameters in the order the template names them. */
  readonly pathParams: ReadonlyArray<Param>
  readonly queryParams: ReadonlyArray<Param>
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

const compileRoute = (operation: Operation<any, any>): Route => {
  const byWire = new Map(operation.params.filter((p) => p.in === "path").map((p) => [p.wire, p]))
  const pathParams: Array<Param> = []
  const source = operation.path.split(/(\{[a-z_]+\})/).filter((s) => s !== "").map((part) => {
    const name = /^\{([a-z_]+)\}$/.exec(part)?.[1]
    if (name === undefined) return escapeRegExp(part)
    const param = byWire.get(name)
    if (param === undefined) throw new Error(`${operation.id}: path parameter {${name}} is not described`)
    pathParams.push(param)
    return "([^/]+)"
  }).join("")
  return {
    operation,
    pattern: new RegExp(`^${escapeRegExp(basePath)}${source}$`),
    pathParams,
    queryParams: operation.params.filter((p) => p.in === "query")
  }
}

/** Every route, built once from the operation descriptions. */
export const routes: ReadonlyArray<Route> = Api.allOperations.map(compileRoute)

type Match =
  | { readonly _tag: "Found"; readonly route: Route; readonly segments: ReadonlyArray<string> }
  | { readonly _tag: "NotFound" }
  | { readonly _tag: "MethodNotAllowed"; readonly allow: ReadonlyArray<string> }

/** Finds the route of a raw (still percent-encoded) path and a method. */
export const matchRoute = (method: string, pathname: string): Match => {
  const allow: Array<string> = []
  for (const route of routes) {
    const found = route.pattern.exec(pathname)
    if (found === null) continue
    if (route.operation.method === method) return { _tag: "Found", route, segments: found.slice(1) }
    allow.push(route.operation.method)
  }
  return allow.length === 0 ? { _tag: "NotFound" } : { _tag: "MethodNotAllowed", allow }
}

/** One entry of a Validation Exception's `extra`. */
interface Issue {
  readonly message: string
  readonly key: string
  readonly source: "path" | "query" | "body"
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeOutcome => ({
  _tag: "Response",
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body)
})

const errorBody = (status: number, detail: string, extra: unknown): FakeOutcome =>
  json(status, { status_code: status, detail, extra })

const reasonPhrases: Readonly<Record<number, string>> = {
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}

/** `decodeURIComponent`, or the text as it is when it is not valid percent-encoding. */
const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** The workspace, project and connector of a connection. */
type Scope = readonly [workspaceId: number, projectId: number, connectorKey: string]

/** A path template with the scope's three parameters filled in, percent-encoded. */
const fillPath = (template: string, scope: Scope): string =>
  template
    .replace("{workspace_id}", String(scope[0]))
    .replace("{project_id}", String(scope[1]))
    .replace("{connector_key}", encodeURIComponent(scope[2]))

/**
 * A job of the fake, as `GET /jobs/{job_id}` shows it (`JobSchema`), with the workspace it belongs to, the
 * polls it still answers `processing` to, and the create it carries out.
 */
interface FakeJob {
  readonly id: number
  readonly workspaceId: number
  readonly status: "success" | "failure" | "processing" | "error"
  readonly response: unknown
  readonly created_at: string
  readonly last_updated_at: string
  readonly path: string
  readonly operation: string
  readonly pollsLeft: number
  readonly pending: { readonly scope: Scope; readonly config: Record<string, unknown> }
}

/** The composite key of a stored connection. */
const storeKey = (workspaceId: number, projectId: number, connectorKey: string, connectionKey: string): string =>
  JSON.stringify([workspaceId, projectId, connectorKey, connectionKey])

const connectionKeyAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

const emptyStats = (): FakeStats => ({
  totalRequests: 0,
  requests: { list: 0, create: 0, get: 0, update: 0, delete: 0, getJob: 0, unmatched: 0 },
  createsApplied: 0,
  faultsInjected: 0
})

/** What a fault decision asks the request to go through. */
interface FaultPlan {
  readonly delay: Duration.Duration | undefined
  readonly failure: Exclude<Fault, { readonly _tag: "Latency" | "Pass" }> | undefined
}

const noFault: FaultPlan = { delay: undefined, failure: undefined }

const planOf = (fault: Fault): FaultPlan => {
  switch (fault._tag) {
    case "Pass":
      return noFault
    case "Latency":
      return { delay: Duration.decode(fault.delay), failure: undefined }
    default:
      return { delay: undefined, failure: fault }
  }
}

const isApplied = (fault: FaultPlan["failure"]): boolean =>
  fault !== undefined && (fault._tag === "ServerError" || fault._tag === "Reset") && fault.applied === true

const withHeaders = (outcome: FakeOutcome, headers: Record<string, string>): FakeOutcome =>
  outcome._tag === "Response" ? { ...outcome, headers: { ...outcome.headers, ...headers } } : outcome

const faultOutcome = (fault: NonNullable<FaultPlan["failure"]>): FakeOutcome => {
  switch (fault._tag) {
    case "Reset":
      return { _tag: "Reset" }
    case "TooManyRequests":
      return withHeaders(errorBody(429, reasonPhrases[429]!, {}), {
        "retry-after": String(fault.retryAfterSeconds ?? 1)
      })
    case "ServerError": {
      const status = fault.status ?? 500
      const outcome = errorBody(status, reasonPhrases[status] ?? "Server Error", {})
      return fault.retryAfterSeconds === undefined
        ? outcome
        : withHeaders(outcome, { "retry-after": String(fault.retryAfterSeconds) })
    }
  }
}

/** A seed as the PRNG takes it; two independent streams (keys, faults) are derived from it. */
const defaultSeed = 0x4d414d4d

/**
 * The engine of one fake: its state and `handle`.
 */
export const makeEngine = (
  options: FakeOptions & { readonly credentials: Credentials; readonly token: Redacted.Redacted<string> }
) =>
  Effect.gen(function*() {
    const seed = options.seed ?? defaultSeed
    const keyRandom = Random.make(`keys:${String(seed)}`)
    const faultRandom = Random.make(`faults:${String(seed)}`)
    const store = yield* Ref.make<ReadonlyMap<string, StoredConnection>>(new Map())
    const stats = yield* Ref.make(emptyStats())
    const script = yield* Ref.make<ReadonlyArray<Fault>>(options.faults?.script ?? [])
    const rates = options.faults?.rates
    const apiKey = Redacted.value(options.credentials.apiKey)
    const apiSecret = Redacted.value(options.credentials.apiSecret)
    const bearer = Redacted.value(options.token)
    const workspaces = options.workspaces === undefined ? undefined : new Set(options.workspaces)
    const createAnswer = options.createAnswer ?? "job"
    const jobPolls = options.jobs?.processingPolls ?? 0
    const jobOutcome = options.jobs?.outcome ?? "success"
    const jobs = yield* Ref.make<ReadonlyMap<number, FakeJob>>(new Map())

    const bump = (f: (s: FakeStats) => FakeStats) => Ref.update(stats, f)

    /** The next request's faults: the script first, then the rates (four draws per request, always). */
    const nextFault: Effect.Effect<FaultPlan> = Effect.gen(function*() {
      const scripted = yield* Ref.modify(script, (queue): [Fault | undefined, ReadonlyArray<Fault>] =>
        queue.length === 0 ? [undefined, queue] : [queue[0], queue.slice(1)])
      if (scripted !== undefined) {
        return planOf(scripted)
      }
      if (rates === undefined) {
        return noFault
      }
      const [latency, reset, tooMany, server] = [
        yield* faultRandom.next,
        yield* faultRandom.next,
        yield* faultRandom.next,
        yield* faultRandom.next
      ]
      const delay = rates.latency !== undefined && latency < rates.latency.probability
        ? Duration.decode(rates.latency.delay)
        : undefined
      const failure: FaultPlan["failure"] = rates.reset !== undefined && reset < rates.reset.probability
        ? { _tag: "Reset", applied: rates.reset.applied ?? false }
        : rates.tooManyRequests !== undefined && tooMany < rates.tooManyRequests.probability
        ? { _tag: "TooManyRequests", retryAfterSeconds: rates.tooManyRequests.retryAfterSeconds ?? 1 }
        : rates.serverError !== undefined && server < rates.serverError.probability
        ? {
          _tag: "ServerError",
          status: rates.serverError.status ?? 503,
          applied: rates.serverError.applied ?? false
        }
        : undefined
      return { delay, failure }
    })

    const newConnectionKey = Effect.gen(function*() {
      let key = ""
      for (let i = 0; i < 40; i++) {
        key += connectionKeyAlphabet[yield* keyRandom.nextIntBetween(0, 36)]
      }
      return key
    })

    /** Decodes path and query parameters and the body; every problem becomes one issue. */
    const validate = (route: Route, segments: ReadonlyArray<string>, url: URL, body: string) => {
      const issues: Array<Issue> = []
      const fields: Record<string, unknown> = {}
      route.pathParams.forEach((param, i) => {
        let text: string
        try {
          text = decodeURIComponent(segments[i] ?? "")
        } catch {
          issues.push({ message: "is not a valid percent-encoded path segment", key: param.wire, source: "path" })
          return
        }
        const read = readParam(param.type, text)
        if (!read.ok) {
          issues.push({ message: read.message, key: param.wire, source: "path" })
        } else fields[param.field] = read.value
      })
      for (const param of route.queryParams) {
        const text = url.searchParams.get(param.wire)
        if (text === null) {
          continue
        }
        const read = readParam(param.type, text)
        if (!read.ok) {
          issues.push({ message: read.message, key: param.wire, source: "query" })
        } else fields[param.field] = read.value
      }
      let wireBody: unknown = undefined
      const spec = route.operation.body
      if (spec !== undefined) {
        let parsed: unknown
        let parsedOk = true
        try {
          parsed = body.trim() === "" ? undefined : JSON.parse(body)
        } catch {
          parsedOk = false
        }
        if (!parsedOk) {
          issues.push({ message: "is not valid JSON", key: "body", source: "body" })
        } else if (parsed === undefined) {
          issues.push({ message: "is required", key: "body", source: "body" })
        } else {
          // a body value may be a password: name the field, never quote the value back
          const found = bodyIssues(spec, parsed, "", true)
          for (const issue of found) {
            const message = issue.message === "is missing" ? "is missing" : "is not of the expected shape"
            issues.push({ message, key: issue.key || "body", source: "body" })
          }
          if (found.length === 0) {
            wireBody = parsed
          }
        }
      }
      return { issues, fields, wireBody }
    }

    const connectionBody = (c: StoredConnection) => ({
      connection_key: c.connectionKey,
      connection_config: maskSecrets(c.connectionConfig)
    })

    const unknownConnection = (fields: Record<string, unknown>): FakeOutcome =>
      errorBody(400, `Connection ${String(fields.connectionKey)} not found`, {
        workspace_id: fields.workspaceId,
        project_id: fields.projectId,
        connector_key: fields.connectorKey,
        connection_key: fields.connectionKey
      })

    /** Stores a new connection under a fresh key drawn from the seeded PRNG. */
    const storeConnection = (scope: Scope, config: unknown) =>
      Effect.gen(function*() {
        const existing = yield* Ref.get(store)
        const key = (k: string) =>
          storeKey(...scope, k)
        let connectionKey = yield* newConnectionKey
        // 36^40 keys: a clash is as good as impossible, but a bounded loop costs nothing
        for (let i = 0; i < 8 && existing.has(key(connectionKey)); i++) {
          connectionKey = yield* newConnectionKey
        }
        const stored: StoredConnection = {
          workspaceId: scope[0],
          projectId: scope[1],
          connectorKey: scope[2],
          connectionKey,
          connectionConfig: config as Record<string, unknown>
        }
        yield* Ref.update(store, (all) =>
          new Map(all).set(key(connectionKey), stored))
        yield* bump((s) => ({ ...s, createsApplied: s.createsApplied + 1 }))
        return stored
      })

    const locationOf = (stored: StoredConnection): string =>
      `${basePath}${fillPath(Api.SaveConnection.path, [stored.workspaceId, stored.projectId, stored.connectorKey])}/${
        encodeURIComponent(stored.connectionKey)
      }`

    /** Ends a job as the options say: success stores the connection and names it in the job's response. */
    const settle = (job: FakeJob): Effect.Effect<FakeJob> =>
      Effect.gen(function*() {
        const now = new Date().toISOString()
        let settled: FakeJob
        if (jobOutcome === "success") {
          const stored = yield* storeConnection(job.pending.scope, job.pending.config)
          settled = { ...job, status: "success", response: connectionBody(stored), last_updated_at: now }
        } else {
          settled = {
            ...job,
            status: jobOutcome,
            response: jobOutcome === "failure"
              ? { failure_reason: "the database refused the connection" }
              : { error: "the job crashed" },
            last_updated_at: now
          }
        }
        yield* Ref.update(jobs, (all) => new Map(all).set(settled.id, settled))
        return settled
      })

    /** Runs a validated operation against the store. */
    const apply = (
      operation: Operation<any, any>,
      fields: Record<string, any>,
      wireBody: any,
      workspaceHeader: string | undefined
    ): Effect.Effect<FakeOutcome> => {
      const scope = [fields.workspaceId as number, fields.projectId as number, fields.connectorKey as string] as const
      const key = (connectionKey: string) => storeKey(...scope, connectionKey)
      switch (operation.name) {
        case "list":
          return Effect.map(Ref.get(store), (all) =>
            json(operation.success.status, {
              connections: [...all.values()]
                .filter((c) => c.workspaceId === scope[0] && c.projectId === scope[1] && c.connectorKey === scope[2])
                .map(connectionBody)
            }))
        case "create":
          if (createAnswer === "oauthExchange") {
            // a person would finish the exchange in a browser: nothing is created yet
            return Effect.map(newConnectionKey, (pending) =>
              json(202, {
                pending_id: `pending-${pending.slice(0, 12)}`,
                access_token: `ya29.fake-access-${pending.slice(12, 24)}`,
                picker_api_key: `AIza-fake-picker-${pending.slice(24)}`
              }))
          }
          if (createAnswer === "created") {
            return Effect.map(storeConnection(scope, wireBody), (stored) =>
              json(201, connectionBody(stored), { location: locationOf(stored) }))
          }
          // the live API: 202, and a job that carries the create out off-line
          return Effect.gen(function*() {
            const now = new Date().toISOString()
            const job = yield* Ref.modify(jobs, (all): [FakeJob, ReadonlyMap<number, FakeJob>] => {
              const started: FakeJob = {
                id: all.size + 1,
                workspaceId: scope[0],
                status: "processing",
                response: {},
                created_at: now,
                last_updated_at: now,
                path: `${basePath}${fillPath(operation.path, scope)}`,
                operation: "SaveConnection",
                pollsLeft: jobPolls,
                pending: { scope, config: wireBody as Record<string, unknown> }
              }
              return [started, new Map(all).set(started.id, started)]
            })
            if (jobPolls === 0) {
              yield* settle(job)
            }
            return json(202, { status_code: 202, job_id: job.id, failure_reason: null })
          })
        case "getJob":
          return Effect.gen(function*() {
            const found = (yield* Ref.get(jobs)).get(fields.jobId as number)
            // a job is visible to the workspace it belongs to: with a key, the one X-WORKSPACE-ID names
            const visible = found !== undefined &&
              (workspaceHeader === undefined || workspaceHeader === String(found.workspaceId)) &&
              (workspaces === undefined || workspaces.has(found.workspaceId))
            if (!visible) {
              return errorBody(400, `Job ${String(fields.jobId)} not found`, { job_id: fields.jobId })
            }
            let job = found!
            if (job.status === "processing") {
              if (job.pollsLeft > 0) {
                job = { ...job, pollsLeft: job.pollsLeft - 1 }
                yield* Ref.update(jobs, (all) =>
                  new Map(all).set(job.id, job))
              } else {
                job = yield* settle(job)
              }
            }
            return json(200, {
              job: {
                id: job.id,
                status: job.status,
                response: job.response,
                created_at: job.created_at,
                last_updated_at: job.last_updated_at,
                path: job.path,
                operation: job.operation
              }
            })
          })
        case "get":
          return Effect.map(Ref.get(store), (all) => {
            const found = all.get(key(fields.connectionKey))
            return found === undefined
              ? unknownConnection(fields)
              : json(operation.success.status, connectionBody(found))
          })
        case "update":
          return Ref.modify(store, (all): [FakeOutcome, ReadonlyMap<string, StoredConnection>] => {
            const found = all.get(key(fields.connectionKey))
            if (found === undefined) {
              return [unknownConnection(fields), all]
            }
            let config: Record<string, unknown> = { ...found.connectionConfig }
            for (const op of (wireBody as Api.UpdateConnectionInput).patch) {
              const next = { ...config }
              for (const [name, value] of Object.entries(op.value)) {
                // a masked secret sent back as read keeps the stored secret
                if (value === secretMask && isSecretName(name) && name in config) {
                  continue
                }
                next[name] = value
              }
              config = next
            }
            const updated: StoredConnection = { ...found, connectionConfig: config }
            return [
              json(operation.success.status, connectionBody(updated)),
              new Map(all).set(key(found.connectionKey), updated)
            ]
          })
        case "delete":
          return Ref.modify(store, (all): [FakeOutcome, ReadonlyMap<string, StoredConnection>] => {
            const k = key(fields.connectionKey)
            if (!all.has(k)) {
              return [unknownConnection(fields), all]
            }
            const next = new Map(all)
            next.delete(k)
            return [{ _tag: "Response", status: operation.success.status, headers: {}, body: undefined }, next]
          })
      }
    }

    /**
     * The 401 a request's credentials earn, or `undefined` when they are good: a bearer token, or (deprecated)
     * the key and secret with `X-WORKSPACE-ID` naming the path's workspace.
     */
    const authenticate = (request: FakeRequest, match: Extract<Match, { _tag: "Found" }>): FakeOutcome | undefined => {
      const authorization = request.headers["authorization"]
      if (authorization !== undefined) {
        const given = /^Bearer +(\S+)$/i.exec(authorization.trim())?.[1]
        return given === bearer ? undefined : errorBody(401, "Invalid bearer token", {})
      }
      const givenKey = request.headers["x-api-key"]
      const givenSecret = request.headers["x-api-secret"]
      if (givenKey === undefined || givenSecret === undefined || givenKey === "" || givenSecret === "") {
        return errorBody(401, "Missing credentials: Authorization: Bearer <token>, or X-API-KEY and X-API-SECRET", {})
      }
      if (givenKey !== apiKey || givenSecret !== apiSecret) {
        return errorBody(401, "Invalid API key or secret", {})
      }
      const workspaceIndex = match.route.pathParams.findIndex((p) =>
        p.wire === "workspace_id"
      )
      const pathWorkspace = workspaceIndex < 0 ? undefined : safeDecode(match.segments[workspaceIndex] ?? "")
      const givenWorkspace = request.headers["x-workspace-id"]
      if (givenWorkspace === undefined || givenWorkspace === "") {
        return errorBody(401, "X-WORKSPACE-ID is required with X-API-KEY and X-API-SECRET", {})
      }
      if (pathWorkspace !== undefined && givenWorkspace.trim() !== pathWorkspace) {
        return errorBody(401, "X-WORKSPACE-ID does not name the workspace of the path", {})
      }
      return undefined
    }

    /** The answer of the API itself, once faults are out of the way. */
    const respond = (request: FakeRequest, url: URL, match: Match): Effect.Effect<FakeOutcome> => {
      if (match._tag === "NotFound") return Effect.succeed(errorBody(404, "Not Found", {}))
      if (match._tag === "MethodNotAllowed") {
        return Effect.succeed(withHeaders(errorBody(405, "Method Not Allowed", {}), { allow: match.allow.join(", ") }))
      }
      const refused = authenticate(request, match)
      if (refused !== undefined) return Effect.succeed(refused)
      const { fields, issues, wireBody } = validate(match.route, match.segments, url, request.body)
      const workspaceId = fields.workspaceId
      if (workspaces !== undefined && typeof workspaceId === "number" && !workspaces.has(workspaceId)) {
        return Effect.succeed(errorBody(403, "Forbidden", { workspace_id: workspaceId }))
      }
      if (issues.length > 0) {
        return Effect.succeed(errorBody(400, `Validation failed for ${request.method} ${url.pathname}`, issues))
      }
      // with a key and secret, the workspace is the one X-WORKSPACE-ID names (a job's path has none)
      const workspaceHeader = request.headers["authorization"] === undefined
        ? request.headers["x-workspace-id"]
        : undefined
      return apply(match.route.operation, fields, wireBody, workspaceHeader)
    }

    const handle = (request: FakeRequest): Effect.Effect<FakeOutcome> =>
      Effect.gen(function*() {
        const url = new URL(request.url, "http://fake.invalid")
        const match = matchRoute(request.method.toUpperCase(), url.pathname)
        const counted: OperationName | "unmatched" = match._tag === "Found" ? match.route.operation.name : "unmatched"
        yield* bump((s) => ({
          ...s,
          totalRequests: s.totalRequests + 1,
          requests: { ...s.requests, [counted]: s.requests[counted] + 1 }
        }))
        const plan = yield* nextFault
        if (plan.delay !== undefined || plan.failure !== undefined) {
          yield* bump((s) => ({ ...s, faultsInjected: s.faultsInjected + 1 }))
        }
        if (plan.delay !== undefined) yield* Effect.sleep(plan.delay)
        if (plan.failure !== undefined && !isApplied(plan.failure)) return faultOutcome(plan.failure)
        const outcome = yield* respond(request, url, match)
        return plan.failure !== undefined ? faultOutcome(plan.failure) : outcome
      }).pipe(
        // a bug in the fake is answered as a 500, never a crash of the test or of the server
        Effect.catchAllDefect((defect) =>
          Effect.succeed(errorBody(500, "Internal Server Error", { defect: String(defect) }))
        )
      )

    return {
      handle,
      stats: Ref.get(stats),
      connections: Effect.map(Ref.get(store), (all) => [...all.values()]),
      injectFaults: (faults: ReadonlyArray<Fault>) => Ref.update(script, (queue) => [...queue, ...faults]),
      clear: Effect.all([Ref.set(store, new Map()), Ref.set(stats, emptyStats()), Ref.set(script, [])], {
        discard: true
      })
    }
  })
