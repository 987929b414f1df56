/**
 * The fake's engine, with no Effect in it: routing, authentication, validation, the in-memory store, jobs,
 * secret masking, fault injection and counters, all read from the operation descriptions of `operations.ts`
 * (the same the client is built from, so the two cannot drift). Its state is plain and synchronous; each
 * Effect line's testing entry is an adapter around it.
 *
 * ## The contract between the engine and an adapter
 * - `makeEngine(options)` takes delays in milliseconds and the accepted credentials in clear: the adapter turns
 *   its line's duration inputs (`mapFaultOptionsDelay`, `mapFaultDelay`) and `Redacted` values into those.
 * - A request is answered in two steps. `receive(request)` counts it and draws its faults at once, in arrival
 *   order (so a seed gives the same faults to the same sequence of requests); it returns an `Arrival`. When
 *   `arrival.delay` is a number, the adapter waits that many milliseconds on its line's clock (so a test clock
 *   moves it), then calls `arrival.answer()`, which carries the request out and gives its `FakeOutcome`. When
 *   the caller goes away during the wait, the adapter does not call `answer`: the request is then not applied.
 *   Neither step throws or blocks: a bug of the fake is answered as a 500.
 * - `stats()` and `connections()` are snapshots, which later requests do not change; `injectFaults` and
 *   `clear` change the state at once. The adapter wraps each in its line's effect.
 * - The transports are line-neutral too: `makeFetch` (`fetch.ts`) serves an in-memory `fetch`, and the
 *   `node:http` server of the testing entry a real socket, each from an `AnswerRequest` (request and abort
 *   signal to a promised outcome) that the adapter builds by running its `handle` on the caller's runtime.
 *
 * @internal
 */
import type { PatchOp } from "../inputs.js"
import { authenticate } from "./auth.js"
import type { FaultSource } from "./faults.js"
import { failureOutcome, isApplied, makeFaultSource, mapFaultDelay, mapFaultOptionsDelay } from "./faults.js"
import type { JobTable } from "./jobs.js"
import { makeJobTable, wireJob } from "./jobs.js"
import type {
  EngineOptions,
  FakeOptions,
  FakeOutcome,
  FakeRequest,
  FakeStats,
  Fault,
  StoredConnection
} from "./model.js"
import { errorBody, internalError, json, withHeaders } from "./outcomes.js"
import type { Prng } from "./prng.js"
import { makePrng } from "./prng.js"
import type { Match, Route, Scope } from "./routes.js"
import { matchRoute, scopedPath } from "./routes.js"
import { makeCounters } from "./stats.js"
import type { Store } from "./store.js"
import { drawKey, makeStore, wireConnection } from "./store.js"
import { validate } from "./validate.js"

/** The seed of a fake not given one; two independent streams (keys, faults) are derived from a seed. */
export const defaultSeed = 0x4d414d4d

/** A request as the engine took it: the wait its faults ask for, and the step that answers it. */
export interface Arrival {
  /** Milliseconds to wait before `answer` (a latency fault), or `undefined` for no wait. */
  readonly delay: number | undefined
  /** Carries the request out and gives its outcome; called once, after the wait, or not at all. */
  readonly answer: () => FakeOutcome
}

/** The engine of one fake: its state and the two steps of a request. */
export interface Engine {
  /** Takes a request: counts it and draws its faults (see the module documentation). */
  readonly receive: (request: FakeRequest) => Arrival
  readonly stats: () => FakeStats
  /** Every stored connection, secrets in clear, in creation order. */
  readonly connections: () => ReadonlyArray<StoredConnection>
  /** Appends faults to the script. */
  readonly injectFaults: (faults: ReadonlyArray<Fault>) => void
  /** Forgets every connection, counter and scripted fault (the PRNGs go on). */
  readonly clear: () => void
}

/** What an operation reads of the request: its decoded fields and body, and the workspace of a key. */
interface Call {
  readonly route: Route
  readonly fields: Readonly<Record<string, any>>
  readonly wireBody: any
  /** With a key and secret, the workspace `X-WORKSPACE-ID` names (a job's path has none). */
  readonly workspaceHeader: string | undefined
}

/** The parts of a fake an operation works on. */
interface State {
  readonly options: EngineOptions
  /** The workspaces the credentials reach, or `undefined` for every one. */
  readonly workspaces: ReadonlySet<number> | undefined
  readonly store: Store
  readonly jobs: JobTable
  readonly keys: Prng
}

const unknownConnection = (fields: Readonly<Record<string, unknown>>): FakeOutcome =>
  errorBody(400, `Connection ${String(fields.connectionKey)} not found`, {
    workspace_id: fields.workspaceId,
    project_id: fields.projectId,
    connector_key: fields.connectorKey,
    connection_key: fields.connectionKey
  })

/** The answer of create, as `createAnswer` says. */
const create = (state: State, call: Call, scope: Scope): FakeOutcome => {
  const { operation } = call.route
  switch (state.options.createAnswer) {
    case "oauthExchange": {
      // a person would finish the exchange in a browser: nothing is created yet
      const pending = drawKey(state.keys)
      return json(202, {
        pending_id: `pending-${pending.slice(0, 12)}`,
        access_token: `ya29.fake-access-${pending.slice(12, 24)}`,
        picker_api_key: `AIza-fake-picker-${pending.slice(24)}`
      })
    }
    case "created": {
      const stored = state.store.add(scope, call.wireBody)
      const location = `${scopedPath(operation.path, scope)}/${encodeURIComponent(stored.connectionKey)}`
      return json(201, wireConnection(stored), { location })
    }
    default: {
      // "job", the live API: 202, and a job that carries the create out off-line
      const job = state.jobs.start(scope, scopedPath(operation.path, scope), call.wireBody)
      return json(202, { status_code: 202, job_id: job.id, failure_reason: null })
    }
  }
}

/** One look at a job: visible to the workspace it belongs to (with a key, the one `X-WORKSPACE-ID` names). */
const getJob = (state: State, call: Call): FakeOutcome => {
  const { workspaces } = state
  const found = state.jobs.find(call.fields.jobId)
  const visible = found !== undefined &&
    (call.workspaceHeader === undefined || call.workspaceHeader === String(found.workspaceId)) &&
    (workspaces === undefined || workspaces.has(found.workspaceId))
  if (!visible) return errorBody(400, `Job ${String(call.fields.jobId)} not found`, { job_id: call.fields.jobId })
  return json(200, wireJob(state.jobs.poll(found)))
}

/** Runs a validated operation against the store. */
const apply = (state: State, call: Call): FakeOutcome => {
  const { fields, route: { operation } } = call
  const scope: Scope = [fields.workspaceId, fields.projectId, fields.connectorKey]
  switch (operation.name) {
    case "list":
      return json(operation.success.status, { connections: state.store.list(scope).map(wireConnection) })
    case "create":
      return create(state, call, scope)
    case "getJob":
      return getJob(state, call)
    case "get": {
      const found = state.store.get(scope, fields.connectionKey)
      return found === undefined ? unknownConnection(fields) : json(operation.success.status, wireConnection(found))
    }
    case "update": {
      const updated = state.store.update(
        scope,
        fields.connectionKey,
        (call.wireBody as { patch: Array<PatchOp> }).patch
      )
      return updated === undefined ? unknownConnection(fields) : json(operation.success.status, wireConnection(updated))
    }
    case "delete":
      return state.store.remove(scope, fields.connectionKey)
        ? { _tag: "Response", status: operation.success.status, headers: {}, body: undefined }
        : unknownConnection(fields)
  }
}

/** The workspace an `X-WORKSPACE-ID` names, when it is an integer; `undefined` for none or any other text. */
const headerWorkspace = (header: string | undefined): number | undefined => {
  const text = header?.trim() ?? ""
  return /^[0-9]+$/.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : undefined
}

/** The answer of the API itself, once faults are out of the way: routing, then credentials, then validation. */
const respond = (state: State, request: FakeRequest, url: URL, match: Match): FakeOutcome => {
  if (match._tag === "NotFound") return errorBody(404, "Not Found", {})
  if (match._tag === "MethodNotAllowed") {
    return withHeaders(errorBody(405, "Method Not Allowed", {}), { allow: match.allow.join(", ") })
  }
  const workspaceIndex = match.route.pathParams.findIndex((p) => p.wire === "workspace_id")
  const refused = authenticate(
    state.options.accepted,
    request,
    workspaceIndex < 0 ? undefined : match.segments[workspaceIndex] ?? ""
  )
  if (refused !== undefined) return refused
  const { fields, issues, wireBody } = validate(match.route, match.segments, url, request.body)
  const workspaceHeader = request.headers["authorization"] === undefined
    ? request.headers["x-workspace-id"]
    : undefined
  // the workspace a request addresses: its path's, or, on a path without one (a job's), the X-WORKSPACE-ID
  // that goes with a key and secret (a token names none: a job is then the only clue, see getJob)
  const workspaceId = workspaceIndex >= 0 ? fields.workspaceId : headerWorkspace(workspaceHeader)
  const { workspaces } = state
  if (workspaces !== undefined && typeof workspaceId === "number" && !workspaces.has(workspaceId)) {
    return errorBody(403, "Forbidden", { workspace_id: workspaceId })
  }
  if (issues.length > 0) {
    return errorBody(400, `Validation failed for ${request.method} ${url.pathname}`, issues)
  }
  return apply(state, { route: match.route, fields, wireBody, workspaceHeader })
}

/** `f()`, or the fake's 500 when it throws. */
const guarded = (f: () => FakeOutcome): FakeOutcome => {
  try {
    return f()
  } catch (defect) {
    return internalError(defect)
  }
}

/** An engine with an empty store, made from `options` (see the module documentation). */
export const makeEngine = (options: EngineOptions): Engine => {
  const seed = String(options.seed ?? defaultSeed)
  const keys = makePrng(`keys:${seed}`)
  const counters = makeCounters()
  const store = makeStore(keys)
  const addConnection = (scope: Scope, config: Readonly<Record<string, unknown>>): StoredConnection => {
    const stored = store.add(scope, config)
    counters.createApplied()
    return stored
  }
  const countingStore: Store = { ...store, add: addConnection }
  const jobs = makeJobTable({
    processingPolls: options.jobs?.processingPolls ?? 0,
    outcome: options.jobs?.outcome ?? "success",
    create: addConnection
  })
  const faults: FaultSource = makeFaultSource(options.faults, makePrng(`faults:${seed}`))
  const workspaces = options.workspaces === undefined ? undefined : new Set(options.workspaces)
  const state: State = { options, workspaces, store: countingStore, jobs, keys }

  const receive = (request: FakeRequest): Arrival => {
    try {
      const url = new URL(request.url, "http://fake.invalid")
      const match = matchRoute(request.method.toUpperCase(), url.pathname)
      counters.request(match._tag === "Found" ? match.route.operation.name : "unmatched")
      const plan = faults.next()
      if (plan.delay !== undefined || plan.failure !== undefined) counters.faultInjected()
      const { failure } = plan
      const failed = { method: request.method, pathname: url.pathname, match }
      const answer = (): FakeOutcome =>
        guarded(() => {
          if (failure !== undefined && !isApplied(failure)) return failureOutcome(failure, failed)
          const outcome = respond(state, request, url, match)
          return failure !== undefined ? failureOutcome(failure, failed) : outcome
        })
      return { delay: plan.delay, answer }
    } catch (defect) {
      return { delay: undefined, answer: () => internalError(defect) }
    }
  }

  return {
    receive,
    stats: counters.snapshot,
    connections: store.all,
    injectFaults: faults.inject,
    clear: () => {
      store.clear()
      counters.clear()
      faults.clear()
    }
  }
}

/**
 * A line's fake options, as its adapter takes them: delays in its own duration type, credentials as its own
 * secret type (`Redacted`), both optional.
 */
export interface AdapterOptions<Delay, Secret> extends FakeOptions<Delay> {
  readonly credentials?: { readonly apiKey: Secret; readonly apiSecret: Secret } | undefined
  readonly token?: Secret | undefined
}

/**
 * The engine of an adapter's options: the defaults of the credentials filled in, each delay read into
 * milliseconds with `millis` and each secret revealed with `reveal`. Both lines' `MammothFake.make` use it, so
 * they translate options the same way; the credentials it accepts are returned as given, for the service.
 */
export const makeAdapterEngine = <Delay, Secret>(
  options: AdapterOptions<Delay, Secret> | undefined,
  defaults: { readonly credentials: { readonly apiKey: Secret; readonly apiSecret: Secret }; readonly token: Secret },
  millis: (delay: Delay) => number,
  reveal: (secret: Secret) => string
) => {
  const { credentials: givenCredentials, faults, token: givenToken, ...plain } = options ?? {}
  const credentials = givenCredentials ?? defaults.credentials
  const token = givenToken ?? defaults.token
  const engine = makeEngine({
    ...plain,
    ...(faults === undefined ? {} : { faults: mapFaultOptionsDelay(faults, millis) }),
    accepted: { token: reveal(token), apiKey: reveal(credentials.apiKey), apiSecret: reveal(credentials.apiSecret) }
  })
  return {
    engine,
    credentials,
    token,
    /** Appends faults given with the line's delays. */
    injectFaults: (more: ReadonlyArray<Fault<Delay>>) => engine.injectFaults(more.map((f) => mapFaultDelay(f, millis)))
  }
}
