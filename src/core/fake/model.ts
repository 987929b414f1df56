/**
 * The plain types of the fake, shared by its engine and by the testing entry of each Effect line: requests and
 * outcomes, stored connections, counters, faults and options. Durations are milliseconds here (`Delay =
 * number`); a line's public types put its own duration input in their place and convert at the edge.
 */
import type { OperationName } from "../operations.js"

export type { OperationName } from "../operations.js"

/**
 * A request as the engine reads it: `url` is the path and query (an absolute URL is accepted too), header
 * names lower-case.
 */
export interface FakeRequest {
  readonly method: string
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** The fake's answer to a request: a response, or a connection reset. */
export type FakeOutcome =
  | {
    readonly _tag: "Response"
    readonly status: number
    readonly headers: Readonly<Record<string, string>>
    /** `undefined` for no body (204). */
    readonly body: string | undefined
  }
  | { readonly _tag: "Reset" }

/**
 * Answers one request, on the clock of whoever runs the engine (an Effect line's runtime): the form both
 * transports (the in-memory `fetch` and the `node:http` server) take the fake in. `signal` aborts when the
 * caller goes away; the promise then settles however the runner settles an interrupted run.
 */
export type AnswerRequest = (request: FakeRequest, signal: AbortSignal) => Promise<FakeOutcome>

/** The fake's counters (see `FakeStats` of a line's testing entry). */
export interface FakeStats {
  readonly totalRequests: number
  readonly requests: { readonly [K in OperationName | "unmatched"]: number }
  readonly createsApplied: number
  /** Requests that got a fault (latency included). */
  readonly faultsInjected: number
}

/** One connection as the fake stores it, secrets in clear. */
export interface StoredConnection {
  readonly workspaceId: number
  readonly projectId: number
  readonly connectorKey: string
  readonly connectionKey: string
  readonly connectionConfig: Readonly<Record<string, unknown>>
}

/** One entry of a Validation Exception's `extra`: what is wrong, the wire name or body path, and where. */
export interface ValidationIssue {
  readonly message: string
  readonly key: string
  readonly source: "path" | "query" | "body"
}

/** The 5xx statuses a fault may answer. */
export type FaultStatus = 500 | 502 | 503 | 504

/**
 * One injected fault, for one request; `Delay` is how a latency is given (milliseconds in the engine). See
 * `Fault` of a line's testing entry for what each does.
 */
export type Fault<Delay = number> =
  | { readonly _tag: "Pass" }
  | { readonly _tag: "Latency"; readonly delay: Delay }
  | { readonly _tag: "TooManyRequests"; readonly retryAfterSeconds?: number | undefined }
  | {
    readonly _tag: "ServerError"
    readonly status?: FaultStatus | undefined
    readonly retryAfterSeconds?: number | undefined
    readonly applied?: boolean | undefined
  }
  | { readonly _tag: "Reset"; readonly applied?: boolean | undefined }
  | {
    readonly _tag: "ValidationError"
    readonly issues?: ReadonlyArray<ValidationIssue> | undefined
    readonly detail?: string | undefined
  }
  | {
    readonly _tag: "ClientError"
    readonly detail?: string | undefined
    readonly extra?: Readonly<Record<string, unknown>> | null | undefined
  }

/** Faults drawn at random, each with its probability in `[0, 1]` (see `FaultRates` of a line's entry). */
export interface FaultRates<Delay = number> {
  readonly latency?: { readonly probability: number; readonly delay: Delay }
  readonly reset?: { readonly probability: number; readonly applied?: boolean }
  readonly tooManyRequests?: { readonly probability: number; readonly retryAfterSeconds?: number }
  /** `status` defaults to 503. */
  readonly serverError?: {
    readonly probability: number
    readonly status?: FaultStatus
    readonly applied?: boolean
  }
  /** A 400 Validation Exception (see the `ValidationError` fault); drawn only when given. */
  readonly validationError?: {
    readonly probability: number
    readonly issues?: ReadonlyArray<ValidationIssue>
    readonly detail?: string
  }
  /** A 400 Client Error (see the `ClientError` fault); drawn only when given. */
  readonly clientError?: {
    readonly probability: number
    readonly detail?: string
    readonly extra?: Readonly<Record<string, unknown>> | null
  }
}

/** The script of the next requests' faults, then the rates. */
export interface FaultOptions<Delay = number> {
  readonly script?: ReadonlyArray<Fault<Delay>>
  readonly rates?: FaultRates<Delay>
}

/** How create answers: a job (the live API), an OAuth exchange, or the connection (the reference contract). */
export type CreateAnswer = "job" | "oauthExchange" | "created"

/** How a job of the fake ends. */
export type JobOutcome = "success" | "failure" | "error"

/** The options of a fake that are no Effect line's types (credentials are, as `Redacted`). */
export interface FakeOptions<Delay = number> {
  /**
   * The workspaces the credentials may reach; a call on any other is answered 403 "Authorization Exception"
   * (`{status_code: 403, detail: "Forbidden", extra: {workspace_id}}`): the path's workspace, or for a job's
   * poll with a key and secret, the one `X-WORKSPACE-ID` names. Default: every workspace.
   */
  readonly workspaces?: ReadonlyArray<number>
  /**
   * How create answers: `"job"` (default, as the live API does) 202 with a job, finished at once, so the
   * connection is in `list` straight away; `"oauthExchange"` 202 with an OAuth token exchange (nothing is
   * created: a person would finish it in a browser); `"created"` 201 with the connection and a `Location`, as
   * servers of the reference contract answer.
   */
  readonly createAnswer?: CreateAnswer
  /**
   * How create's jobs run: `processingPolls` (default 0) is how many polls of `GET /jobs/{job_id}` answer
   * `processing` before the job ends (with 0 it ends at once, before create answers); `outcome` (default
   * `"success"`) is how it ends. A successful job stores the connection when it ends and names it in its
   * `response` (`{connection_key, connection_config}`, secrets masked); `"failure"` and `"error"` store
   * nothing and give their reason as `response.error` (where the API's official Python SDK reads it; a
   * failure's also as `response.failure_reason`).
   */
  readonly jobs?: {
    readonly processingPolls?: number
    readonly outcome?: JobOutcome
  }
  /** Seeds the PRNG of connection keys and of fault rates. Default a fixed seed: a fake is always deterministic. */
  readonly seed?: number | string
  readonly faults?: FaultOptions<Delay>
}

/** The credentials an engine accepts, in clear: a line keeps them `Redacted` and reveals them here. */
export interface AcceptedCredentials {
  readonly token: string
  readonly apiKey: string
  readonly apiSecret: string
}

/** What an engine is made from: the options, delays in milliseconds, and the credentials it accepts. */
export interface EngineOptions extends FakeOptions<number> {
  readonly accepted: AcceptedCredentials
}
