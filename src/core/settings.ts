/**
 * The layer's options, read once when a layer is built, the same on both Effect lines: which headers carry the
 * credentials, the server URL, the per-attempt timeout, the body limit and the retry policy, or the problem
 * that makes every call fail with nothing sent. Options may come from JavaScript or a configuration file, so
 * every field is read as `unknown`: a value of the wrong type is a problem, never a thrown exception.
 *
 * Each line supplies what is Effect API: how a `Redacted` is revealed, how a duration is read, what a retry
 * policy of its own looks like.
 *
 * @internal
 */
import { defaultMaxResponseBytes, defaultServerUrl } from "./defaults.js"
import { credentialProblem } from "./headers.js"
import { serverUrlProblem } from "./serverUrl.js"
import { userAgent } from "./version.js"

/** How one Effect line reads the values of its own types among the options. */
export interface OptionReaders<D, P> {
  /** The string a `Redacted` holds, or `undefined` when `value` is not a `Redacted`. */
  readonly reveal: (value: unknown) => unknown
  /** A duration from the caller's input, or `undefined` when it is none. */
  readonly duration: (value: unknown) => D | undefined
  /** Whether a value is a retry policy of this line. */
  readonly isRetryPolicy: (value: unknown) => value is P
}

/** The options the client reads, each as it may arrive from JavaScript. */
export interface RawClientOptions {
  readonly apiToken?: unknown
  readonly apiKey?: unknown
  readonly apiSecret?: unknown
  readonly serverUrl?: unknown
  readonly allowInsecureHttp?: unknown
  readonly retry?: unknown
  readonly timeout?: unknown
  readonly maxResponseBytes?: unknown
}

/** The credentials' headers, or why they cannot be sent. */
export type Auth =
  | {
    readonly headers: Readonly<Record<string, string>>
    /** With a key and secret every call also sends `X-WORKSPACE-ID` (its `workspaceId`), as the API requires. */
    readonly sendsWorkspace: boolean
    readonly problem?: undefined
  }
  | { readonly problem: string }

/**
 * The headers of the credentials, or why they cannot be sent: a token (`Authorization: Bearer`), or a key and
 * a secret (`X-API-KEY`, `X-API-SECRET`), never both, each a `Redacted` string a header can carry. No problem
 * quotes a credential.
 */
export const authOf = (options: RawClientOptions, reveal: (value: unknown) => unknown): Auth => {
  const { apiKey, apiSecret, apiToken } = options
  if (apiToken !== undefined) {
    if (apiKey !== undefined || apiSecret !== undefined) {
      return { problem: "give either apiToken, or apiKey and apiSecret, not both" }
    }
    const token = reveal(apiToken)
    const problem = typeof token !== "string"
      ? "apiToken must be a Redacted string"
      : credentialProblem("apiToken", token)
    return problem !== undefined
      ? { problem }
      : { headers: { authorization: `Bearer ${token as string}` }, sendsWorkspace: false }
  }
  if (apiKey === undefined || apiSecret === undefined) {
    return { problem: "no credentials: give apiToken, or apiKey and apiSecret" }
  }
  const key = reveal(apiKey)
  const secret = reveal(apiSecret)
  if (typeof key !== "string") return { problem: "apiKey must be a Redacted string" }
  if (typeof secret !== "string") return { problem: "apiSecret must be a Redacted string" }
  const problem = credentialProblem("apiKey", key) ?? credentialProblem("apiSecret", secret)
  return problem !== undefined
    ? { problem }
    : { headers: { "x-api-key": key, "x-api-secret": secret }, sendsWorkspace: true }
}

/** A layer's options as every call uses them. */
export interface LayerSettings<D, P> {
  /** The base URL, without trailing slashes (`""` when it was not a string: `problem` then says so). */
  readonly serverUrl: string
  /** Why no call can be sent (every call then fails with it, nothing sent), or `undefined`. */
  readonly problem: string | undefined
  /** The headers of every request: `Accept`, `User-Agent` and the credentials' (lower-case names). */
  readonly headers: Readonly<Record<string, string>>
  /** Whether each call sends its `workspaceId` as `X-WORKSPACE-ID` (with a key and secret). */
  readonly sendsWorkspace: boolean
  /** The timeout of each attempt (the default when none or no usable one was given). */
  readonly timeout: D
  /** The largest 2xx body accepted, in bytes. */
  readonly maxResponseBytes: number
  /** The layer's retry policy, or `undefined` for the line's standard one. */
  readonly retry: P | undefined
}

/** Reads a layer's options, with `defaultTimeout` when they give none. */
export const layerSettings = <D, P>(
  options: RawClientOptions,
  readers: OptionReaders<D, P>,
  defaultTimeout: D
): LayerSettings<D, P> => {
  const givenUrl = options.serverUrl ?? defaultServerUrl
  const serverUrl = typeof givenUrl === "string" ? givenUrl.replace(/\/+$/, "") : ""
  const auth = authOf(options, readers.reveal)
  const timeout = options.timeout === undefined ? defaultTimeout : readers.duration(options.timeout)
  const givenLimit = options.maxResponseBytes ?? defaultMaxResponseBytes
  const retry = options.retry
  const problem = (typeof givenUrl === "string" ? undefined : "serverUrl must be a string") ??
    serverUrlProblem(serverUrl, options.allowInsecureHttp === true) ?? auth.problem ??
    (timeout === undefined ? "timeout is not a duration" : undefined) ??
    (typeof givenLimit === "number" && givenLimit > 0 ? undefined : "maxResponseBytes must be a number > 0") ??
    (retry === undefined || readers.isRetryPolicy(retry) ? undefined : "retry must be a RetryPolicy")
  return {
    serverUrl,
    problem,
    headers: {
      "accept": "application/json",
      "user-agent": userAgent,
      ...(auth.problem === undefined ? auth.headers : {})
    },
    sendsWorkspace: auth.problem === undefined && auth.sendsWorkspace,
    timeout: timeout ?? defaultTimeout,
    maxResponseBytes: typeof givenLimit === "number" ? givenLimit : defaultMaxResponseBytes,
    retry: retry !== undefined && readers.isRetryPolicy(retry) ? retry : undefined
  }
}

/** Whether a value has the tag of a retry policy (each line checks the rest of its own policies). */
export const hasRetryPolicyTag = (value: unknown): boolean =>
  typeof value === "object" && value !== null && (value as { readonly _tag?: unknown })._tag === "RetryPolicy"

/**
 * The API's primary credential: a token (`mm_...`), sent as `Authorization: Bearer <token>`. `R` is each line's
 * `Redacted<string>`.
 */
export interface TokenCredentials<R> {
  /** Sent as `Authorization: Bearer <apiToken>`. Issued by Mammoth and shown once, at creation. */
  readonly apiToken: R
  readonly apiKey?: never
  readonly apiSecret?: never
}

/**
 * The deprecated credentials: an API key and secret, sent as `X-API-KEY` and `X-API-SECRET` with
 * `X-WORKSPACE-ID` set to each call's `workspaceId`, as the API requires with them.
 */
export interface KeyCredentials<R> {
  /**
   * Sent as `X-API-KEY`.
   *
   * @deprecated The API deprecates key and secret: use `apiToken`.
   */
  readonly apiKey: R
  /**
   * Sent as `X-API-SECRET`.
   *
   * @deprecated The API deprecates key and secret: use `apiToken`.
   */
  readonly apiSecret: R
  readonly apiToken?: never
}

/**
 * Options of the client other than its credentials. `D` is each line's duration input, `P` its retry policy and
 * `C` its `HttpClient`.
 */
export interface ClientOptions<D, P, C> {
  /** The API's base URL, with or without a trailing slash. Default `https://app.mammoth.io/api/v2`. */
  readonly serverUrl?: string | undefined
  /**
   * Allow a plain `http` `serverUrl` to a host other than loopback. Off by default: such a URL would send the
   * credentials across the network in clear, so every call fails with `MammothAnalyticsInvalidRequestError`
   * and nothing is sent. `http` to `localhost`, `127.0.0.0/8` or `[::1]` is always allowed.
   */
  readonly allowInsecureHttp?: boolean | undefined
  /** The retry policy of every call. Default `RetryPolicy.standard`; `RetryPolicy.none` turns retries off. */
  readonly retry?: P | undefined
  /** The timeout of each attempt. Default 10 seconds. */
  readonly timeout?: D | undefined
  /** The largest 2xx body accepted, in bytes. Default 64 MiB. */
  readonly maxResponseBytes?: number | undefined
  /** Applied once to the `HttpClient` in context (add tracing, a proxy, a rate limiter...). */
  readonly transformClient?: ((client: C) => C) | undefined
}

/**
 * What `layerConfig` may be given in place of the `MAMMOTHANALYTICS_*` variables: `S` is each line's
 * `Config<Redacted<string>>`, `U` its `Config<string>`.
 */
export interface ConfigSources<S, U> {
  /** Replaces `MAMMOTHANALYTICS_API_TOKEN`. */
  readonly apiToken?: S | undefined
  /** Replaces `MAMMOTHANALYTICS_API_KEY` (deprecated, as the API deprecates key and secret). */
  readonly apiKey?: S | undefined
  /** Replaces `MAMMOTHANALYTICS_API_SECRET` (deprecated, as the API deprecates key and secret). */
  readonly apiSecret?: S | undefined
  /** Replaces `MAMMOTHANALYTICS_SERVER_URL` (which is optional; a given `Config` is read as it says). */
  readonly serverUrl?: U | undefined
}
