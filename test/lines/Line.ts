/**
 * What a suite needs of a client line (the Effect 3 entry, the Effect 4 entry), in Promise-land with plain
 * data, so that one suite runs on every line. Nothing here imports `effect`: each line's adapter
 * (`test/lines/v3.ts`, `test/v4/line.ts`) turns these options into its own layer and these calls into its own
 * effects, and hands back what happened as an `Outcome` holding the real value or error object (so `_tag`,
 * fields and every rendering of it can be asserted on either line).
 */
import type { VirtualTime } from "./VirtualTime.js"

/** The lines, by the name their describe blocks carry (`[v3]`, `[v4]`). */
export type LineName = "v3" | "v4"

/**
 * The operations, by name: the five of `mammoth.connections`, `createAndAwait`, and `mammoth.jobs.get` /
 * `mammoth.jobs.await`.
 */
export type OperationName =
  | "list"
  | "create"
  | "get"
  | "update"
  | "delete"
  | "createAndAwait"
  | "jobs.get"
  | "jobs.await"

/** A `fetch`-compatible function: an in-memory server, or a recorder in front of one. */
export type FetchFunction = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>

/**
 * How a client reaches the server: `"fetch"`, the line's `FetchHttpClient` over the global `fetch` (real
 * HTTP); `"undici"`, `@effect/platform-node`'s undici client where the line has it (see `Line.transports`); or
 * a function, the line's `FetchHttpClient` over that `fetch` (in memory).
 */
export type Transport = NetworkTransport | FetchFunction

export type NetworkTransport = "fetch" | "undici"

/**
 * A retry policy, as plain data: `"standard"` (`RetryPolicy.standard`), `"none"` (`RetryPolicy.none`), or
 * `RetryPolicy.make` of at most `retries` retries, `spacedMillis` apart (none: no delay of the schedule's own),
 * with the policy's options.
 */
export type NeutralRetry =
  | "standard"
  | "none"
  | {
    readonly retries: number
    readonly spacedMillis?: number
    readonly maxRetryAfterMillis?: number
    readonly retryNonIdempotent?: boolean
  }

/**
 * The credentials, as plain strings: each is wrapped in the line's `Redacted` unless `unredacted` (a careless
 * JavaScript caller passing plain strings where the types want `Redacted`s). Any combination may be given,
 * including ones the types rule out (a token and a key at once): the client must refuse those itself.
 */
export interface NeutralCredentials {
  readonly apiToken?: string
  readonly apiKey?: string
  readonly apiSecret?: string
  readonly unredacted?: boolean
}

/** The options of `MammothAnalytics.layer`, as plain data, and how the test drives the client. */
export interface NeutralOptions {
  readonly credentials: NeutralCredentials
  /** Given as is (no default is filled in): `undefined` leaves the layer's default. */
  readonly serverUrl?: string
  readonly allowInsecureHttp?: boolean
  readonly retry?: NeutralRetry
  /** The per-attempt timeout (the layer's `timeout`). */
  readonly timeoutMillis?: number
  readonly maxResponseBytes?: number
  readonly transport: Transport
  /**
   * A `transformClient` that maps each attempt's request URL through this function, called once per attempt
   * the client makes (so a test can count the attempts, and send some of them elsewhere).
   */
  readonly mapRequestUrl?: (url: string) => string
  /** A `transformClient` that applies `HttpClient.filterStatusOk` (after `mapRequestUrl`). */
  readonly filterStatusOk?: boolean
  /**
   * What the application puts into its own `HttpClient` layer, around the transport, in this order (not through
   * the client's `transformClient`): the client must keep its guarantees whatever it finds there.
   */
  readonly applicationClient?: ReadonlyArray<ApplicationTransform>
  /** A `FetchHttpClient.RequestInit` the application provides, and where (see `RequestInitPlacement`). */
  readonly requestInit?: { readonly init: RequestInit; readonly placement: RequestInitPlacement }
  /**
   * Runs every call on this virtual clock instead of the live one: the line's `Clock` reads its time and
   * registers its sleeps there; only `VirtualTime.adjust` / `setTime` wake them.
   */
  readonly clock?: VirtualTime
  /** Records what every call shows: see `Observation`. */
  readonly observe?: Observation
}

/**
 * A transform of the application's `HttpClient` layer: `HttpClient.followRedirects`; `HttpClient.retryTransient`
 * with `times` retries `spacedMillis` apart; or a custom `HttpClient.transform` that waits `millis` before each
 * request it sends.
 */
export type ApplicationTransform =
  | { readonly _tag: "followRedirects" }
  | { readonly _tag: "retryTransient"; readonly times: number; readonly spacedMillis: number }
  | { readonly _tag: "waitBeforeRequest"; readonly millis: number }

/**
 * Where the application provides its `FetchHttpClient.RequestInit`: around the program (each call), to the layer
 * stack that builds the client and its `HttpClient`, or to its `HttpClient` layer alone.
 */
export type RequestInitPlacement = "program" | "layers" | "httpClientLayer"

/** The options of one call, as plain data; each overrides the layer's. */
export interface NeutralCallOptions {
  readonly retry?: NeutralRetry
  /** The call's `timeout`: per attempt, or, for `jobs.await` and `createAndAwait`, the whole await's. */
  readonly timeoutMillis?: number
  readonly headers?: Readonly<Record<string, string>>
  /**
   * The polling schedule of `jobs.await` and `createAndAwait`: a poll `spacedMillis` after the last, at most
   * `recurs` more after the first (none: until the await's timeout).
   */
  readonly poll?: { readonly spacedMillis: number; readonly recurs?: number }
}

/** How the test drives one call from outside. */
export interface CallControl {
  /** Aborting it interrupts the call (see `interruptVia`). */
  readonly signal?: AbortSignal
  /**
   * What the abort does: `"fiber"` (default) interrupts the call's fiber; `"scope"` closes the `Scope` the call
   * was forked in.
   */
  readonly interruptVia?: "fiber" | "scope"
  /** A caller's own `Effect.timeout` around the call: it fails with the line's `outerTimeoutTag`. */
  readonly outerTimeoutMillis?: number
}

/**
 * What a line can show of how a call ended beyond the `Outcome`: the `Exit` itself, its `Cause`, the cause's
 * pretty renderings (`Cause.pretty`, with error causes where the line has the option), its failures and
 * defects, and its pretty errors (`Cause.prettyErrors`), for the suites to render every way a user might.
 */
export interface ExitView {
  readonly exit: unknown
  readonly cause: unknown
  readonly pretty: ReadonlyArray<string>
  readonly failures: ReadonlyArray<unknown>
  readonly defects: ReadonlyArray<unknown>
  readonly prettyErrors: ReadonlyArray<Error>
}

/**
 * How a call ended. `Failure` holds the error object itself (`_tag`, fields, renderings); a defect or an
 * interruption is reported as such, never mistaken for a failure.
 */
export type Outcome =
  | { readonly _tag: "Success"; readonly value: unknown; readonly view: ExitView }
  | { readonly _tag: "Failure"; readonly error: unknown; readonly view: ExitView }
  | { readonly _tag: "Defect"; readonly defect: unknown; readonly view: ExitView }
  | { readonly _tag: "Interrupted"; readonly view: ExitView }

/** One log line, as the line's logger saw it. */
export interface NeutralLog {
  /** The line's log level name (`DEBUG`, `ERROR`...). */
  readonly level: string
  /** The log as each of the line's formatters prints it (logfmt, JSON, simple string, structured). */
  readonly formatted: ReadonlyArray<string>
  readonly message: unknown
  readonly cause: unknown
  readonly causePretty: string
  readonly annotations: unknown
}

/** One span, as the line's tracer recorded it. */
export interface NeutralSpan {
  readonly name: string
  readonly attributes: ReadonlyMap<string, unknown>
  readonly events: ReadonlyArray<{ readonly name: string; readonly attributes: Readonly<Record<string, unknown>> }>
  readonly links: ReadonlyArray<unknown>
  /** How it ended, once it has. */
  readonly end: ExitView | undefined
}

/**
 * What calls show, filled in by the line: each call runs with every log level enabled through a recording
 * logger, and a recording tracer; a user's own logging of the outcome is added (`Effect.logDebug` of a
 * success value, `Effect.logError` of a failure's cause); the HTTP client's spans record every request and
 * response header (Effect 3's do by default; Effect 4's when its `TracerHeaderFilter` says so).
 */
export interface Observation {
  readonly logs: Array<NeutralLog>
  readonly spans: Array<NeutralSpan>
}

export const makeObservation = (): Observation => ({ logs: [], spans: [] })

/** A client of a line: its calls, and the release of what its layer holds (a connection pool...). */
export interface NeutralClient {
  /**
   * Calls `operation` with `input` as given (no type check: suites pass what the types would refuse) and
   * `options` translated into the line's call options.
   */
  readonly call: (
    operation: OperationName,
    input: unknown,
    options?: NeutralCallOptions,
    control?: CallControl
  ) => Promise<Outcome>
  readonly dispose: () => Promise<void>
}

/** The options of a line's fake (`MammothFake.make`), as plain data. */
export interface NeutralFakeOptions {
  readonly workspaces?: ReadonlyArray<number>
  readonly createAnswer?: "job" | "oauthExchange" | "created"
  readonly jobs?: { readonly processingPolls?: number }
}

/** A 400 fault of a line's fake, as plain data: each line builds it with its own `MammothFake` constructor. */
export type NeutralBadRequestFault =
  | {
    readonly _tag: "ValidationError"
    readonly issues?: ReadonlyArray<
      { readonly message: string; readonly key: string; readonly source: "path" | "query" | "body" }
    >
    readonly detail?: string
  }
  | {
    readonly _tag: "ClientError"
    readonly detail?: string
    readonly extra?: Readonly<Record<string, unknown>> | null
  }

/** A line's in-memory fake of the API. */
export interface NeutralFake {
  /** Answers a request as the API would. */
  readonly fetch: FetchFunction
  /** The connection keys it stores, oldest first. */
  readonly connectionKeys: () => Promise<ReadonlyArray<string>>
  /** Requests that matched none of its operations (a route or an auth it does not know). */
  readonly unmatched: () => Promise<number>
  /** Appends 400 faults to its script, built with the line's `validationError` and `clientError`. */
  readonly injectBadRequests: (faults: ReadonlyArray<NeutralBadRequestFault>) => Promise<void>
}

/** A line's testing entry, as far as the suites use it. */
export interface LineFake {
  readonly make: (options?: NeutralFakeOptions) => Promise<NeutralFake>
  /** The server URL its in-memory fetch answers (`MammothFake.memoryServerUrl`). */
  readonly memoryServerUrl: string
  /** The credentials it accepts (`MammothFake.token`, `MammothFake.credentials`), revealed. */
  readonly token: string
  readonly apiKey: string
  readonly apiSecret: string
}

/** A client line, as the suites see it. */
export interface Line {
  readonly name: LineName
  /** The network transports it can be tested over (undici needs `@effect/platform-node` of the line). */
  readonly transports: ReadonlyArray<NetworkTransport>
  /** The `_tag` of what a caller's own `Effect.timeout` fails with: `TimeoutException` (v3), `TimeoutError` (v4). */
  readonly outerTimeoutTag: string
  readonly makeClient: (options: NeutralOptions) => NeutralClient
  /**
   * `value` with every `Redacted` of the line replaced by `{ "<Redacted>": its value }`, through plain objects
   * and arrays: structural equality sees no field of a `Redacted`, so comparing revealed values is what tells
   * two of them apart, and it still fails on a plain string where a `Redacted` was due.
   */
  readonly reveal: (value: unknown) => unknown
  /** The line's testing entry, once it has one. */
  readonly fake?: LineFake
}
