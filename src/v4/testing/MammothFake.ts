/**
 * The fake of the Mammoth Analytics Connections API for the Effect 4 line: the same engine as the Effect 3
 * testing entry (`src/core/fake/`: routes, validation, store, jobs, secrets, faults, all from the operation
 * descriptions the client is built from), in memory (no sockets) or as a real HTTP server on 127.0.0.1. What
 * it answers, where the spec is silent, is described in `docs/testing.md`; it is the same on both lines.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { MammothAnalytics } from "mammoth-analytics-effect/v4"
 * import { MammothFake } from "mammoth-analytics-effect/v4/testing"
 *
 * const program = Effect.gen(function*() {
 *   const mammoth = yield* MammothAnalytics
 *   yield* mammoth.connections.create({ workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=",
 *     requestBody: { database: "db", password: "pwd" } })
 *   const fake = yield* MammothFake.Fake
 *   return (yield* fake.stats).createsApplied // 1
 * }).pipe(Effect.provide(MammothFake.layer()))
 * ```
 *
 * @since 0.5.0
 * @category modules
 * @module
 */
import type * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type * as HttpClient from "effect/http/HttpClient"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { defaultCredentials } from "../../core/fake/auth.js"
import { makeAdapterEngine } from "../../core/fake/engine.js"
import * as Faults from "../../core/fake/faults.js"
import { makeFetch, memoryServerUrl as memoryUrl } from "../../core/fake/fetch.js"
import type * as Model from "../../core/fake/model.js"
import { listen } from "../../core/fake/nodeServer.js"
import * as Routes from "../../core/fake/routes.js"
import * as Secrets from "../../core/secrets.js"
import type { ClientOptions } from "../MammothAnalytics.js"
import { MammothAnalytics } from "../MammothAnalytics.js"

/**
 * The API key and secret a fake accepts.
 *
 * @since 0.5.0
 * @category models
 */
export interface Credentials {
  readonly apiKey: Redacted.Redacted<string>
  readonly apiSecret: Redacted.Redacted<string>
}

/**
 * The token every fake accepts unless told otherwise (`Authorization: Bearer mm_fake-token`).
 *
 * @since 0.5.0
 * @category constants
 */
export const token: Redacted.Redacted<string> = Redacted.make(defaultCredentials.token)

/**
 * The API key and secret every fake accepts unless told otherwise (deprecated by the API; the token is the
 * default).
 *
 * @since 0.5.0
 * @category constants
 */
export const credentials: Credentials = {
  apiKey: Redacted.make(defaultCredentials.apiKey),
  apiSecret: Redacted.make(defaultCredentials.apiSecret)
}

/**
 * The path every route lives under (`/api/v2`, the path of the spec's server URL).
 *
 * @since 0.5.0
 * @category constants
 */
export const basePath: string = Routes.basePath

/**
 * The base URL to give a client of the in-memory fake ({@link layerHttpClient}): nothing resolves it.
 *
 * @since 0.5.0
 * @category constants
 */
export const memoryServerUrl: string = memoryUrl

/**
 * What the fake shows in place of a secret value in every answer.
 *
 * @since 0.5.0
 * @category constants
 */
export const secretMask: string = Secrets.secretMask

/**
 * The name fragments that make a field secret (lower-cased, non-alphanumerics removed).
 *
 * @since 0.5.0
 * @category constants
 */
export const secretNameFragments: ReadonlyArray<string> = Secrets.secretNameFragments

/**
 * Whether the fake masks a field of this name.
 *
 * @since 0.5.0
 * @category constants
 */
export const isSecretName: (name: string) => boolean = Secrets.isSecretName

/**
 * The name of an operation, as the fake counts requests.
 *
 * @since 0.5.0
 * @category models
 */
export type OperationName = Model.OperationName

/**
 * A fault the fake injects into one request: `Pass`, `Latency` (then answers), `TooManyRequests` (429 with
 * `Retry-After`), `ServerError` (a 5xx, applied or not), `Reset` (the connection is dropped, applied or not),
 * `ValidationError` (a 400 Validation Exception), `ClientError` (a 400 Client Error).
 *
 * @since 0.5.0
 * @category faults
 */
export type Fault = Model.Fault<Duration.Input>

/**
 * @since 0.5.0
 * @category faults
 */
export const pass: Fault = Faults.pass

/**
 * @since 0.5.0
 * @category faults
 */
export const latency: (delay: Duration.Input) => Fault = Faults.latency

/**
 * @since 0.5.0
 * @category faults
 */
export const tooManyRequests: (retryAfterSeconds?: number) => Fault = Faults.tooManyRequests

/**
 * @since 0.5.0
 * @category faults
 */
export const serverError: (
  status?: Model.FaultStatus,
  options?: { readonly applied?: boolean; readonly retryAfterSeconds?: number }
) => Fault = Faults.serverError

/**
 * @since 0.5.0
 * @category faults
 */
export const reset: (options?: { readonly applied?: boolean }) => Fault = Faults.reset

/**
 * One entry of a Validation Exception's `extra`: what is wrong, the wire name (or body path) it is about,
 * and where (`path`, `query` or `body`).
 *
 * @since 0.6.0
 * @category models
 */
export interface ValidationIssue extends Model.ValidationIssue {}

/**
 * Answer 400 Validation Exception (`extra`: `issues`, by default one issue on the route's last path
 * parameter; `detail` by default `Validation failed for <METHOD> <path>`), without applying the request. On the
 * operations whose 400 the spec describes, the client fails with `MammothAnalyticsValidationError`.
 *
 * @since 0.6.0
 * @category faults
 */
export const validationError: (issues?: ReadonlyArray<ValidationIssue>, detail?: string) => Fault =
  Faults.validationError

/**
 * Answer 400 Client Error (`detail` by default `Bad Request`, `extra` an object or `null`, by default `{}`),
 * without applying the request. On the operations whose 400 the spec describes, the client fails with
 * `MammothAnalyticsClientError`.
 *
 * @since 0.6.0
 * @category faults
 */
export const clientError: (detail?: string, extra?: Readonly<Record<string, unknown>> | null) => Fault =
  Faults.clientError

/**
 * Random faults, each drawn per request with the given probability from the fake's seeded generator (four
 * numbers per request, then one for each 400 rate given: the same seed and rates give the same faults).
 *
 * @since 0.5.0
 * @category faults
 */
export interface FaultRates extends Model.FaultRates<Duration.Input> {}

/**
 * Faults: a script (one per request, in order) and rates (drawn once the script is used up).
 *
 * @since 0.5.0
 * @category faults
 */
export interface FaultOptions extends Model.FaultOptions<Duration.Input> {}

/**
 * The options of a fake: the same as on the Effect 3 line (`workspaces`, `createAnswer`, `jobs`, `seed`,
 * `faults`), with the credentials it accepts as `Redacted`.
 *
 * @since 0.5.0
 * @category models
 */
export interface FakeOptions extends Model.FakeOptions<Duration.Input> {
  readonly credentials?: Credentials
  readonly token?: Redacted.Redacted<string>
}

/**
 * A request as the fake reads it.
 *
 * @since 0.5.0
 * @category models
 */
export interface FakeRequest extends Model.FakeRequest {}

/**
 * What the fake does with a request: a response, or a dropped connection.
 *
 * @since 0.5.0
 * @category models
 */
export type FakeOutcome = Model.FakeOutcome

/**
 * The fake's counters.
 *
 * @since 0.5.0
 * @category models
 */
export interface FakeStats extends Model.FakeStats {}

/**
 * A connection as the fake stores it (secrets in clear).
 *
 * @since 0.5.0
 * @category models
 */
export interface StoredConnection extends Model.StoredConnection {}

/**
 * A fake: what it accepts, its handler, an in-memory `fetch`, and its state.
 *
 * @since 0.5.0
 * @category models
 */
export interface FakeService {
  readonly credentials: Credentials
  readonly token: Redacted.Redacted<string>
  /** Answers one request (a latency fault sleeps on the clock of the runtime that made the fake). */
  readonly handle: (request: FakeRequest) => Effect.Effect<FakeOutcome>
  /** The fake as a `fetch` function, in memory. */
  readonly fetch: typeof globalThis.fetch
  readonly stats: Effect.Effect<FakeStats>
  /** Every stored connection, secrets in clear, in creation order. */
  readonly connections: Effect.Effect<ReadonlyArray<StoredConnection>>
  /** Appends faults to the script. */
  readonly injectFaults: (faults: ReadonlyArray<Fault>) => Effect.Effect<void>
  /** Forgets every connection, counter and scripted fault. */
  readonly clear: Effect.Effect<void>
}

/**
 * The fake, as a service.
 *
 * @since 0.5.0
 * @category services
 */
export class Fake
  extends Context.Service<Fake, FakeService>()("mammoth-analytics-effect/v4/testing/MammothFake/Fake")
{}

/** The milliseconds of a duration input, or `NaN` for one that is none (the engine answers it with a 500). */
const millis = (input: Duration.Input): number =>
  Option.match(Duration.fromInput(input), { onNone: () => Number.NaN, onSome: Duration.toMillis })

/** `handle` run with `context`, as the line-neutral transports (in-memory `fetch`, `node:http`) take the fake. */
const answerWith = (context: Context.Context<never>, handle: FakeService["handle"]): Model.AnswerRequest => {
  const run = Effect.runPromiseWith(context)
  return (request, signal) => run(handle(request), { signal })
}

/**
 * Makes a fake. Latency faults sleep on the clock of the context that runs `make` (under `TestClock`, a test
 * moves it).
 *
 * @since 0.5.0
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
          : Effect.andThen(Effect.sleep(Duration.millis(arrival.delay)), Effect.sync(arrival.answer))
      })
    return {
      credentials: accepted,
      token: acceptedToken,
      handle,
      fetch: makeFetch(answerWith(yield* Effect.context<never>(), handle)),
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
 * @since 0.5.0
 * @category models
 */
export interface LayerOptions extends FakeOptions {
  readonly fake?: FakeService
}

const fakeLayer = (options?: LayerOptions): Layer.Layer<Fake> =>
  options?.fake !== undefined ? Layer.succeed(Fake, options.fake) : Layer.effect(Fake, make(options))

/**
 * An `HttpClient` served by the fake in memory (no socket), with the fake as `Fake`. Point
 * `MammothAnalytics.layer` at {@link memoryServerUrl} with the fake's credentials.
 *
 * @since 0.5.0
 * @category layers
 */
export const layerHttpClient = (options?: LayerOptions): Layer.Layer<HttpClient.HttpClient | Fake> =>
  FetchHttpClient.layer.pipe(
    Layer.provide(Layer.effect(FetchHttpClient.Fetch, Effect.map(Effect.service(Fake), (fake) => fake.fetch))),
    Layer.provideMerge(fakeLayer(options))
  )

/**
 * Options of {@link layer}: those of the fake, and `client` for the client's options (retry policy,
 * timeout; or other credentials, to see a 401). The client uses the fake's token unless `client` names
 * credentials: `apiToken`, or `apiKey` and/or `apiSecret` (the fake's fill in the one not given).
 *
 * @since 0.5.0
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
 * @since 0.5.0
 * @category layers
 */
export const layer = (options?: ClientLayerOptions): Layer.Layer<MammothAnalytics | Fake, Config.ConfigError> =>
  Layer.unwrap(
    Effect.map(Effect.service(Fake), (fake) => {
      const { apiKey, apiSecret, apiToken, ...client } = options?.client ?? {}
      return MammothAnalytics.layer(
        apiKey !== undefined || apiSecret !== undefined
          ? {
            serverUrl: memoryServerUrl,
            ...client,
            apiKey: apiKey ?? fake.credentials.apiKey,
            apiSecret: apiSecret ?? fake.credentials.apiSecret
          }
          : { serverUrl: memoryServerUrl, ...client, apiToken: apiToken ?? fake.token }
      )
    })
  ).pipe(Layer.provideMerge(layerHttpClient(options)))

/**
 * The fake server could not start (the port is taken, say).
 *
 * @since 0.5.0
 * @category errors
 */
export class MammothFakeServerError extends Data.TaggedError("MammothFakeServerError")<{
  readonly reason: string
  readonly cause: unknown
}> {
  /** @since 0.5.0 */
  override get message(): string {
    return this.reason
  }
}

/**
 * Options of {@link serve}.
 *
 * @since 0.5.0
 * @category models
 */
export interface ServeOptions extends LayerOptions {
  /** The port on 127.0.0.1. Default 0: a free port chosen by the system. */
  readonly port?: number
}

/**
 * A running fake server.
 *
 * @since 0.5.0
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
 * @since 0.5.0
 * @category constructors
 */
export const serve = (options?: ServeOptions): Effect.Effect<FakeServer, MammothFakeServerError, Scope.Scope> =>
  Effect.gen(function*() {
    const fake = options?.fake ?? (yield* make(options))
    const host = "127.0.0.1" as const
    const answer = answerWith(yield* Effect.context<never>(), fake.handle)
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
