/**
 * The shapes of the client's options, the same on both Effect lines: its credentials and its other options, each
 * line giving its own `Redacted`, duration, retry policy, `HttpClient` and `Config` types. Part of both lines'
 * public types; `core/settings.ts` reads them.
 */

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
   * credentials across the network in clear, so the layer fails to build. `http` to `localhost`, `127.0.0.0/8`
   * or `[::1]` is always allowed.
   */
  readonly allowInsecureHttp?: boolean | undefined
  /**
   * The retry policy of every call, or a `Schedule` of its delays (retried under the same rules). Default
   * `RetryPolicy.standard`; `RetryPolicy.none` turns retries off.
   */
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

/** A retry policy of either line: `S` is its schedule of failures, `D` its duration. */
export interface RetryPolicyShape<S, D> {
  readonly _tag: "RetryPolicy"
  /** The delays between attempts, and when to stop; `undefined` means never retry. */
  readonly schedule: S | undefined
  /** Retry create and delete on every transient failure, not only when not taken. Off unless you opt in. */
  readonly retryNonIdempotent: boolean
  /** The longest `Retry-After` wait honoured; a longer one is cut to this. */
  readonly maxRetryAfter: D
}

/** Options of a line's `RetryPolicy.make`: `D` is its duration input. */
export interface RetryPolicyOptions<D> {
  /**
   * Retry create and delete on every transient failure, not only when the server cannot have taken them.
   * Default `false`: a retried create may create the connection twice, a retried delete may end in a 400
   * "not found" after the first attempt deleted it.
   */
  readonly retryNonIdempotent?: boolean | undefined
  /** The longest `Retry-After` wait honoured. Default 10 seconds. */
  readonly maxRetryAfter?: D | undefined
}
