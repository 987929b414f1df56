/**
 * A stateful fake of the Mammoth Analytics Connections API, in memory (no sockets) or as a real HTTP server
 * on 127.0.0.1, with fault injection. It is built from the same operation descriptions as the client
 * (`core/operations.ts`, through the Effect-free engine of `core/fake/`): routes, parameter rules, body
 * validation and success statuses come from there.
 *
 * @example
 * ```ts
 * import { it } from "@effect/vitest"
 * import { Effect } from "effect"
 * import { MammothAnalytics } from "mammoth-analytics-effect"
 * import { MammothFake } from "mammoth-analytics-effect/testing"
 *
 * // the client uses the fake's token (MammothFake.token) and an in-memory HttpClient
 * it.layer(MammothFake.layer())((it) => {
 *   it.effect("creates a connection", () =>
 *     Effect.gen(function*() {
 *       const mammoth = yield* MammothAnalytics
 *       yield* mammoth.connections.create({ workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=",
 *         requestBody: { database: "db", password: "pwd" } })
 *       const fake = yield* MammothFake.Fake
 *       const stats = yield* fake.stats
 *       // stats.createsApplied === 1
 *     }))
 * })
 * ```
 *
 * ## What the fake decides where the spec is silent
 * - Routes live under `/api/v2` (the path of the spec's server URL). An unknown path is 404, a known path with
 *   another method 405 (with `Allow`); both have the body `{status_code, detail, extra: {}}`. Routing comes
 *   before authentication, which comes before validation.
 * - Credentials, as the live API takes them: `Authorization: Bearer <token>` ({@link token} by default), or
 *   the deprecated `X-API-KEY` and `X-API-SECRET` ({@link credentials}) with `X-WORKSPACE-ID` naming the
 *   path's workspace. 401 (`{status_code: 401, detail, extra: {}}`) for missing or wrong ones, or a key and
 *   secret without that `X-WORKSPACE-ID`.
 * - 403 (`{status_code: 403, detail: "Forbidden", extra: {workspace_id}}`) for a workspace outside the
 *   `workspaces` option (default: every workspace is reached), on every operation: the path's workspace, or
 *   for `GET /jobs/{job_id}` with a key and secret, the one `X-WORKSPACE-ID` names.
 * - 400 Validation Exception: `detail` is `Validation failed for <METHOD> <path>`, `extra` lists every
 *   problem as `{message, key, source}` (`source`: `path`, `query` or `body`; `key`: the wire name, or the
 *   body path such as `patch.0.op`). Body values are never quoted back (they may be passwords). Unknown query
 *   parameters and unknown body fields are ignored.
 * - 400 Client Error for an unknown connection: `detail` is `Connection <key> not found`, `extra` the object
 *   `{workspace_id, project_id, connector_key, connection_key}`.
 * - create answers as the live API does, 202 with a job `{status_code: 202, job_id, failure_reason: null}`
 *   (ids 1, 2, ...), the job finished at once, so the connection is in `list` straight away. With
 *   `createAnswer: "oauthExchange"` it answers 202 `{pending_id, access_token, picker_api_key}` and creates
 *   nothing; with `createAnswer: "created"`, as the reference contract did, 201 with `{connection_key,
 *   connection_config}` (secrets masked) and a `Location` header. Keys are 40 characters of `[a-z0-9]`, like
 *   the spec's example, drawn from the seeded PRNG.
 * - get and update answer 200 with `{connection_key, connection_config}`, as one entry of list does. `concern`
 *   and `profile` are validated and otherwise do not change the answer; `is_export` is validated and ignored
 *   (one store per workspace, project and connector).
 * - update applies each `replace` of `connection` in order by merging `value` into the stored configuration
 *   (fields not named keep their values: the spec's own example patch names only `database`). A secret field
 *   sent back as the mask `"********"` keeps its stored value, so a read-modify-write never stores the mask.
 * - delete answers 204 with no body; an unknown connection is a 400 Client Error, as for get and update.
 * - Secrets: a field whose name, lower-cased with non-alphanumerics removed, contains one of
 *   {@link secretNameFragments} (password, passwd, passphrase, pwd, secret, token, privatekey, apikey,
 *   accesskey, credential, authorization, cookie; connection strings and URLs that carry credentials:
 *   connectionstring, connstring, connstr, dsn, databaseurl, dburl, jdbc; signingkey, encryptionkey, masterkey,
 *   sharedkey, accountkey, sessionid, bearer) has its non-null value, at any depth, replaced by
 *   {@link secretMask} in every answer. {@link FakeService.connections} shows what is stored, in clear.
 *
 * @since 0.1.0
 * @category modules
 * @module
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Runtime from "effect/Runtime"
import type * as Scope from "effect/Scope"
import { defaultCredentials } from "../../core/fake/auth.js"
import { makeAdapterEngine } from "../../core/fake/engine.js"
import * as Faults from "../../core/fake/faults.js"
import { makeFetch, memoryServerUrl as memoryUrl } from "../../core/fake/fetch.js"
import type * as Model from "../../core/fake/model.js"
import { listen } from "../../core/fake/nodeServer.js"
import * as Routes from "../../core/fake/routes.js"
import * as Secrets from "../../core/secrets.js"
import { decodeDuration } from "../internal/duration.js"
import type { ClientOptions } from "../MammothAnalytics.js"
import { MammothAnalytics } from "../MammothAnalytics.js"

/**
 * The API key and secret a fake accepts.
 *
 * @since 0.1.0
 * @category models
 */
export interface Credentials {
  readonly apiKey: Redacted.Redacted<string>
  readonly apiSecret: Redacted.Redacted<string>
}

/**
 * The token every fake accepts unless told otherwise (`Authorization: Bearer mm_fake-token`).
 *
 * @since 0.2.0
 * @category constants
 */
export const token: Redacted.Redacted<string> = Redacted.make(defaultCredentials.token)

/**
 * The credentials every fake accepts unless told otherwise: key `mammoth-fake-key`, secret
 * `mammoth-fake-secret`.
 *
 * @since 0.1.0
 * @category constants
 */
export const credentials: Credentials = {
  apiKey: Redacted.make(defaultCredentials.apiKey),
  apiSecret: Redacted.make(defaultCredentials.apiSecret)
}

/**
 * The path every route of the fake lives under, from the spec's server URL.
 *
 * @since 0.1.0
 * @category constants
 */
export const basePath: string = Routes.basePath

/**
 * The base URL the in-memory layers give the client. Nothing resolves it (`.invalid`): requests never leave
 * the process. It is `https`, so the client's refusal of plain `http` to other hosts does not apply.
 *
 * @since 0.1.0
 * @category constants
 */
export const memoryServerUrl: string = memoryUrl

/**
 * What replaces the value of a secret field in every answer of the fake.
 *
 * @since 0.1.0
 * @category constants
 */
export const secretMask: string = Secrets.secretMask

/**
 * The fragments of a field name that make it a secret (see the module documentation).
 *
 * @since 0.1.0
 * @category constants
 */
export const secretNameFragments: ReadonlyArray<string> = Secrets.secretNameFragments

/**
 * Whether the fake treats a configuration field name as a secret.
 *
 * @example
 * ```ts
 * MammothFake.isSecretName("db_password") // true
 * MammothFake.isSecretName("hostname")    // false
 * ```
 *
 * @since 0.1.0
 * @category utils
 */
export const isSecretName: (name: string) => boolean = Secrets.isSecretName

/**
 * The name of an operation, as on `mammoth.connections`, or `getJob` (`GET /jobs/{job_id}`).
 *
 * @since 0.1.0
 * @category models
 */
export type OperationName = Model.OperationName

/**
 * One injected fault, for one request.
 *
 * - `Pass`: no fault (a gap in a script).
 * - `Latency`: wait `delay`, then answer normally.
 * - `TooManyRequests`: 429 with `Retry-After: <retryAfterSeconds>` (default 1); the request is not applied.
 * - `ServerError`: `status` (default 500), optionally with `Retry-After`. With `applied: true` the request is
 *   carried out first and its answer replaced: the case where a retry could duplicate a create.
 * - `Reset`: the connection is reset. Over HTTP the socket is reset (RST); in memory the `fetch` rejects
 *   as undici's does on a reset (`TypeError: fetch failed`, cause code `ECONNRESET`). `applied` as above.
 * - `ValidationError`: 400 Validation Exception, `extra` the list `issues`; the request is not applied.
 * - `ClientError`: 400 Client Error, `extra` an object or `null`; the request is not applied.
 *
 * @since 0.1.0
 * @category models
 */
export type Fault = Model.Fault<Duration.DurationInput>

/**
 * No fault: the request is answered normally.
 *
 * @since 0.1.0
 * @category faults
 */
export const pass: Fault = Faults.pass

/**
 * Wait `delay`, then answer normally.
 *
 * @since 0.1.0
 * @category faults
 */
export const latency: (delay: Duration.DurationInput) => Fault = Faults.latency

/**
 * Answer 429 with `Retry-After: <retryAfterSeconds>` (default 1) without applying the request.
 *
 * @since 0.1.0
 * @category faults
 */
export const tooManyRequests: (retryAfterSeconds?: number) => Fault = Faults.tooManyRequests

/**
 * Answer a 5xx status (default 500). `applied: true` carries the request out before answering the error.
 *
 * @since 0.1.0
 * @category faults
 */
export const serverError: (
  status?: Model.FaultStatus,
  options?: { readonly applied?: boolean; readonly retryAfterSeconds?: number }
) => Fault = Faults.serverError

/**
 * Reset the connection. `applied: true` carries the request out before resetting.
 *
 * @since 0.1.0
 * @category faults
 */
export const reset: (options?: { readonly applied?: boolean }) => Fault = Faults.reset

/**
 * One entry of a Validation Exception's `extra`: what is wrong, the wire name (or body path, such as
 * `patch.0.op`) it is about, and where (`path`, `query` or `body`).
 *
 * @since 0.6.0
 * @category models
 */
export interface ValidationIssue extends Model.ValidationIssue {}

/**
 * Answer 400 Validation Exception, as the server does for a rule the client cannot check before sending:
 * `{status_code: 400, detail, extra: issues}`. `issues` defaults to one issue on the route's last path
 * parameter, `detail` to `Validation failed for <METHOD> <path>`. The request is not applied. On the
 * operations whose 400 the spec describes, the client fails with `MammothAnalyticsValidationError`.
 *
 * @example
 * ```ts
 * fake.injectFaults([
 *   MammothFake.validationError([{ message: "is not a known connector", key: "connector_key", source: "path" }])
 * ])
 * ```
 *
 * @since 0.6.0
 * @category faults
 */
export const validationError: (issues?: ReadonlyArray<ValidationIssue>, detail?: string) => Fault =
  Faults.validationError

/**
 * Answer 400 Client Error: `{status_code: 400, detail, extra}`, `detail` by default `Bad Request`, `extra` an
 * object or `null` (default `{}`), as the spec's example. The request is not applied. On the operations whose
 * 400 the spec describes, the client fails with `MammothAnalyticsClientError`.
 *
 * @example
 * ```ts
 * fake.injectFaults([MammothFake.clientError("Connector is disabled", { connector_key: "cG9zdGdyZXM=" })])
 * ```
 *
 * @since 0.6.0
 * @category faults
 */
export const clientError: (detail?: string, extra?: Readonly<Record<string, unknown>> | null) => Fault =
  Faults.clientError

/**
 * Faults drawn at random, each with its probability in `[0, 1]`. Every request that no script entry covers
 * draws four numbers from the fake's seeded PRNG (latency, reset, 429, 5xx, in that order), whatever it is,
 * then one more for each 400 rate given (Validation Exception, then Client Error), so the same seed, the same
 * rates and the same sequence of requests give the same faults. At most one of reset, 429, 5xx, Validation
 * Exception and Client Error applies (in that order of precedence); latency combines with any of them.
 *
 * @since 0.1.0
 * @category models
 */
export interface FaultRates extends Model.FaultRates<Duration.DurationInput> {}

/**
 * Fault injection: `script` gives the faults of the next requests, one entry per request in arrival order
 * (whatever the operation, unknown paths included); once it is used up, `rates` apply.
 *
 * @since 0.1.0
 * @category models
 */
export interface FaultOptions extends Model.FaultOptions<Duration.DurationInput> {}

/**
 * Options of a fake.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeOptions extends Model.FakeOptions<Duration.DurationInput> {
  /** The API key and secret accepted (with `X-WORKSPACE-ID`). Default {@link credentials}. */
  readonly credentials?: Credentials
  /** The bearer token accepted. Default {@link token}. */
  readonly token?: Redacted.Redacted<string>
}

/**
 * A request as the fake's engine reads it: `url` is the path and query (an absolute URL is accepted too),
 * header names lower-case.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeRequest extends Model.FakeRequest {}

/**
 * The fake's answer to a request: a response, or a connection reset.
 *
 * @since 0.1.0
 * @category models
 */
export type FakeOutcome = Model.FakeOutcome

/**
 * Counters of a fake. `requests` counts every request that reached it by the operation its method and path
 * name (faulted, refused and invalid ones included); `unmatched` the others. `createsApplied` counts the
 * connections actually created, so a test can tell a retried create from a duplicated one.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeStats extends Model.FakeStats {}

/**
 * One connection as the fake stores it, secrets in clear.
 *
 * @since 0.1.0
 * @category models
 */
export interface StoredConnection extends Model.StoredConnection {}

/**
 * A running fake: its state, counters and faults, and its two faces (`handle` for plain requests, `fetch`
 * for anything that takes a `fetch`).
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeService {
  readonly credentials: Credentials
  readonly token: Redacted.Redacted<string>
  /** Answers one request. */
  readonly handle: (request: FakeRequest) => Effect.Effect<FakeOutcome>
  /** A `fetch` served by the fake in memory; only the path and query of the URL matter. */
  readonly fetch: typeof globalThis.fetch
  readonly stats: Effect.Effect<FakeStats>
  /** Every stored connection, secrets in clear, in creation order. */
  readonly connections: Effect.Effect<ReadonlyArray<StoredConnection>>
  /** Appends faults to the script (see {@link FaultOptions}). */
  readonly injectFaults: (faults: ReadonlyArray<Fault>) => Effect.Effect<void>
  /** Forgets every connection, counter and scripted fault (the PRNGs go on). */
  readonly clear: Effect.Effect<void>
}

/**
 * The tag of the fake that a layer of this module built, for tests to read its counters and state.
 *
 * @since 0.1.0
 * @category tags
 */
export class Fake extends Context.Tag("mammoth-analytics-effect/testing/MammothFake/Fake")<Fake, FakeService>() {}

/**
 * The milliseconds of a duration input, as the engine takes a delay; `NaN` for one that is none (text
 * `Duration.decode` cannot read), which the engine answers as its own error (a 500) when the fault comes.
 */
const millis = (input: Duration.DurationInput): number => {
  const duration = decodeDuration(input)
  return duration === undefined ? Number.NaN : Duration.toMillis(duration)
}

/** `handle` run on `runtime`, as the line-neutral transports (in-memory `fetch`, `node:http`) take the fake. */
const answerOn = (runtime: Runtime.Runtime<never>, handle: FakeService["handle"]): Model.AnswerRequest => {
  const run = Runtime.runPromise(runtime)
  return (request, signal) => run(handle(request), { signal })
}

/**
 * Makes a fake. Latency faults sleep on the clock of the runtime that runs `make` (under `TestClock`, a test
 * moves it).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options?: FakeOptions): Effect.Effect<FakeService> =>
  Effect.gen(function*() {
    const { credentials: accepted, engine, injectFaults, token: acceptedToken } = makeAdapterEngine(
      options,
      { credentials, token },
      millis,
      Redacted.value
    )
    // the engine counts the request and draws its faults on arrival; a latency is slept here, on this clock,
    // and a request whose caller goes away during it is never carried out
    const handle = (request: FakeRequest): Effect.Effect<FakeOutcome> =>
      Effect.suspend(() => {
        const arrival = engine.receive(request)
        return arrival.delay === undefined
          ? Effect.sync(arrival.answer)
          : Effect.zipRight(Effect.sleep(Duration.millis(arrival.delay)), Effect.sync(arrival.answer))
      })
    return {
      credentials: accepted,
      token: acceptedToken,
      handle,
      fetch: makeFetch(answerOn(yield* Effect.runtime<never>(), handle)),
      stats: Effect.sync(engine.stats),
      connections: Effect.sync(engine.connections),
      injectFaults: (faults) => Effect.sync(() => injectFaults(faults)),
      clear: Effect.sync(engine.clear)
    }
  })

/**
 * Options of {@link layer} and {@link layerHttpClient}: a fake's options, or `fake` to share one made with
 * {@link make} (its options then win).
 *
 * @since 0.1.0
 * @category models
 */
export interface LayerOptions extends FakeOptions {
  readonly fake?: FakeService
}

const fakeLayer = (options?: LayerOptions): Layer.Layer<Fake> =>
  options?.fake !== undefined ? Layer.succeed(Fake, options.fake) : Layer.effect(Fake, make(options))

/**
 * An `HttpClient` served by the fake in memory (no socket), with the fake as `Fake`. Point
 * `MammothAnalytics.layer` at {@link memoryServerUrl} (any URL works: only its path is read) with the fake's
 * credentials.
 *
 * @example
 * ```ts
 * const live = MammothAnalytics.layer({ apiToken: MammothFake.token, serverUrl: MammothFake.memoryServerUrl })
 *   .pipe(Layer.provideMerge(MammothFake.layerHttpClient()))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerHttpClient = (options?: LayerOptions): Layer.Layer<HttpClient.HttpClient | Fake> =>
  FetchHttpClient.layer.pipe(
    Layer.provide(Layer.effect(FetchHttpClient.Fetch, Effect.map(Fake, (fake) => fake.fetch))),
    Layer.provideMerge(fakeLayer(options))
  )

/**
 * Options of {@link layer}: those of the fake, and `client` for the client's options (retry policy,
 * timeout; or other credentials, to see a 401). The client uses the fake's token unless `client` names
 * credentials: `apiToken`, or `apiKey` and/or `apiSecret` (the fake's fill in the one not given).
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientLayerOptions extends LayerOptions {
  readonly client?: ClientOptions & {
    readonly apiToken?: Redacted.Redacted<string>
    readonly apiKey?: Redacted.Redacted<string>
    readonly apiSecret?: Redacted.Redacted<string>
  }
}

/**
 * `MammothAnalytics` wired to a fake in memory (no socket), credentials and server URL preset, with the fake
 * as `Fake`.
 *
 * @example
 * ```ts
 * it.layer(MammothFake.layer({ client: { retry: RetryPolicy.none } }))((it) => { ... })
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options?: ClientLayerOptions): Layer.Layer<MammothAnalytics | Fake, ConfigError.ConfigError> =>
  Layer.unwrapEffect(
    Effect.map(Fake, (fake) => {
      const { apiKey, apiSecret, apiToken, ...client } = options?.client ?? {}
      const chosen: Credentials | { readonly apiToken: Redacted.Redacted<string> } =
        apiKey !== undefined || apiSecret !== undefined
          ? { apiKey: apiKey ?? fake.credentials.apiKey, apiSecret: apiSecret ?? fake.credentials.apiSecret }
          : { apiToken: apiToken ?? fake.token }
      return MammothAnalytics.layer({ serverUrl: memoryServerUrl, ...client, ...chosen })
    })
  ).pipe(Layer.provideMerge(layerHttpClient(options)))

/**
 * The fake server could not start (the port is taken, say).
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothFakeServerError extends Data.TaggedError("MammothFakeServerError")<{
  readonly reason: string
  readonly cause: unknown
}> {
  /** @since 0.1.0 */
  override get message(): string {
    return this.reason
  }
}

/**
 * Options of {@link serve}.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServeOptions extends LayerOptions {
  /** The port on 127.0.0.1. Default 0: a free port chosen by the system. */
  readonly port?: number
}

/**
 * A running fake server.
 *
 * @since 0.1.0
 * @category models
 */
export interface FakeServer {
  /** The base URL to give a client, ending in `/api/v2`, e.g. `http://127.0.0.1:4010/api/v2`. */
  readonly url: string
  readonly port: number
  readonly host: "127.0.0.1"
  readonly fake: FakeService
}

/**
 * Serves a fake over real HTTP on 127.0.0.1 (`node:http`), until the scope closes; closing it also closes
 * the keep-alive connections.
 *
 * @example
 * ```ts
 * const program = Effect.scoped(Effect.gen(function*() {
 *   const server = yield* MammothFake.serve()
 *   const live = MammothAnalytics.layer({ apiToken: MammothFake.token, serverUrl: server.url })
 *     .pipe(Layer.provide(FetchHttpClient.layer))
 *   // ... run the client with `live`
 * }))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const serve = (options?: ServeOptions): Effect.Effect<FakeServer, MammothFakeServerError, Scope.Scope> =>
  Effect.gen(function*() {
    const fake = options?.fake ?? (yield* make(options))
    const host = "127.0.0.1" as const
    const answer = answerOn(yield* Effect.runtime<never>(), fake.handle)
    const server = yield* Effect.acquireRelease(
      Effect.flatMap(
        Effect.promise(() => listen(answer, host, options?.port ?? 0)),
        (listening) =>
          listening.ok ? Effect.succeed(listening.server) : Effect.fail(new MammothFakeServerError(listening.failure))
      ),
      (server) => Effect.promise(server.close)
    )
    return { url: `http://${host}:${server.port}${basePath}`, port: server.port, host, fake }
  })
