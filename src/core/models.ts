/**
 * What the client returns, read from the wire, the same on both Effect lines: a job (`JobSchema`, renamed to
 * camelCase), and create's 202 answers (a job it started, or an OAuth exchange). Each line's schemas decode the
 * wire shapes and call these to build (and back to write) the values; an OAuth exchange's credentials are wrapped
 * in each line's `Redacted`.
 *
 * @internal
 */

/**
 * The statuses the spec names for a job: `processing` until it ends in `success`, `failure` or `error`. A server
 * may add others; the client reads any string and treats a status it does not know as still running.
 * The API reference shows it in place wherever a public type names it, this module being `@internal`.
 *
 * @inline
 */
export type JobStatus = "success" | "failure" | "processing" | "error" | (string & {})

/**
 * A job as this library returns it: camelCase fields. `response` holds what the job produced (for a create, the
 * connection); `createdAt` and `lastUpdatedAt` are the server's date-time text, as sent.
 */
export interface Job {
  readonly id: number
  readonly status: JobStatus
  readonly response: unknown
  readonly createdAt: string
  readonly lastUpdatedAt: string
  readonly path: string
  readonly operation: string
}

/** A job as it travels on the wire (`JobSchema`). */
export interface WireJob {
  readonly id: number
  readonly status: string
  readonly response: unknown
  readonly created_at: string
  readonly last_updated_at: string
  readonly path: string
  readonly operation: string
}

/** A job from the body of `GET /jobs/{job_id}` (`JobResponse`); a missing `response` is `null`. */
export const jobFromWire = (
  { job }: { readonly job: Omit<WireJob, "response"> & { readonly response?: unknown } }
): Job => ({
  id: job.id,
  status: job.status,
  response: job.response ?? null,
  createdAt: job.created_at,
  lastUpdatedAt: job.last_updated_at,
  path: job.path,
  operation: job.operation
})

/** A job written back as the body of `GET /jobs/{job_id}`. */
export const jobToWire = (job: Job): { readonly job: WireJob } => ({
  job: {
    id: job.id,
    status: job.status,
    response: job.response,
    created_at: job.createdAt,
    last_updated_at: job.lastUpdatedAt,
    path: job.path,
    operation: job.operation
  }
})

/** A job create's 202 names, as it travels on the wire (`ObjectJobSchema`): every field may be missing or `null`. */
export interface WireCreateJob {
  readonly job_id?: number | null | undefined
  readonly status_code?: number | null | undefined
  readonly failure_reason?: string | null | undefined
}

/** Create was accepted and a job carries it out off-line; `jobId` is `null` when the server names none. */
export interface CreateJob {
  readonly _tag: "Job"
  readonly jobId: number | null
  readonly statusCode: number | null
  readonly failureReason: string | null
}

/** The job of a 202 body of create. */
export const createJobFromWire = (wire: WireCreateJob): CreateJob => ({
  _tag: "Job",
  jobId: wire.job_id ?? null,
  statusCode: wire.status_code ?? null,
  failureReason: wire.failure_reason ?? null
})

/** The job written back as a 202 body of create. */
export const createJobToWire = (job: CreateJob): WireCreateJob => ({
  job_id: job.jobId,
  status_code: job.statusCode,
  failure_reason: job.failureReason
})

/** An OAuth token exchange create's 202 starts, as it travels on the wire (`OauthTokenExchangeResponse`). */
export interface WireOAuthExchange {
  readonly access_token: string
  readonly pending_id: string
  readonly picker_api_key: string
}

/** An OAuth exchange as this library returns it: its token and key in the line's `Redacted` (`R`). */
export interface OAuthExchange<R> {
  readonly _tag: "OAuthExchange"
  readonly pendingId: string
  readonly accessToken: R
  readonly pickerApiKey: R
}

/** The OAuth exchange of a 202 body of create, its credentials wrapped by `redact`. */
export const oauthExchangeFromWire = <R>(wire: WireOAuthExchange, redact: (secret: string) => R): OAuthExchange<R> => ({
  _tag: "OAuthExchange",
  pendingId: wire.pending_id,
  accessToken: redact(wire.access_token),
  pickerApiKey: redact(wire.picker_api_key)
})

/** The OAuth exchange written back as a 202 body of create, its credentials unwrapped by `reveal`. */
export const oauthExchangeToWire = <R>(
  exchange: OAuthExchange<R>,
  reveal: (secret: R) => string
): WireOAuthExchange => ({
  pending_id: exchange.pendingId,
  access_token: reveal(exchange.accessToken),
  picker_api_key: reveal(exchange.pickerApiKey)
})
