/**
 * What a job's status and create's 202 body mean, and the rules of an await (when it gives up, what its
 * error keeps, what createAndAwait awaits), the same on both Effect lines. Each line polls with its own
 * `Schedule` and bounds the await with its own timeout.
 *
 * @internal
 */
import type { JobFailedFields, TimeoutFields } from "./errors.js"
import type { KnownSecrets } from "./secrets.js"
import { maskedValue, maskKnownText, maskKnownValue, noKnownSecrets, secretMask } from "./secrets.js"
import { readField } from "./spans.js"

/**
 * What a poll found: done (`success`), failed for good (`failure`, `error`), or still running (`processing`,
 * or any status the client does not know: a server may add some).
 */
export const jobOutcome = (status: string): "success" | "failed" | "running" =>
  status === "success" ? "success" : status === "failure" || status === "error" ? "failed" : "running"

/** The fields that make a 202 body of create an OAuth exchange. */
export const oauthFields = ["pending_id", "access_token", "picker_api_key"] as const

/**
 * Whether a 202 body names any of the OAuth exchange's fields: such a body is an exchange or nothing, never
 * a job (the spec's `oneOf` overlaps: every exchange also matches the job schema, whose fields are optional).
 */
export const hasOAuthFields = (body: object): boolean =>
  oauthFields.some((field) => Object.prototype.hasOwnProperty.call(body, field))

/** What `jobs.await` reads of its options, each as it may arrive from JavaScript. */
export interface RawAwaitOptions {
  readonly schedule?: unknown
  readonly timeout?: unknown
}

/**
 * The call options of each poll (and of createAndAwait's create): the await's, less its schedule and its
 * timeout (which bounds the whole await, not an attempt).
 */
export const pollOptions = <O extends RawAwaitOptions>(
  options: O | undefined
): Omit<O, "schedule" | "timeout"> | undefined => {
  if (options === undefined || options === null) return undefined
  const { schedule: _, timeout: __, ...call } = options
  return call
}

/** Why an await's `schedule` is refused: from JavaScript, a value that is not a `Schedule` of the line. */
export const scheduleRefused = "schedule must be a Schedule"

/** The await's timeout, `defaultTimeout` when it gives none, or `undefined` when it gives one that is not a duration > 0. */
export const awaitTimeoutOf = <D>(
  options: RawAwaitOptions | undefined,
  duration: (value: unknown) => D | undefined,
  defaultTimeout: D
): D | undefined => {
  const given = options === undefined || options === null ? undefined : options.timeout
  return given === undefined ? defaultTimeout : duration(given)
}

/** A job as the await reads it. */
export interface PolledJob {
  readonly id: number
  readonly status: string
  readonly response: unknown
  readonly operation: string
}

/**
 * The fields of the error of a job that ended in `failure` or `error`: its response with the values of
 * secret-named fields, and every value under `connection_config`, masked (a job's response may echo a
 * connection's configuration), and the client's own credentials (`known`) masked wherever the job quotes them.
 */
export const failedJobFields = (job: PolledJob, known: KnownSecrets = noKnownSecrets) => {
  const response = maskKnownValue(maskedValue(job.response, secretMask), known)
  return {
    jobId: job.id,
    status: job.status as "failure" | "error",
    response,
    jobOperation: maskKnownText(job.operation, known),
    reason: jobFailureReason(response)
  }
}

const textAt = (value: unknown, key: string): string | undefined => {
  if (typeof value !== "object" || value === null) return undefined
  const field = (value as Record<string, unknown>)[key]
  return typeof field === "string" && field.length > 0 ? field : undefined
}

/**
 * Why a job failed, read from its (masked) response as the API's Python SDK reads it: `error`, else the nested
 * `response`'s `detail` or `error`, else `failure_reason`; `null` when none is a non-empty string.
 */
export const jobFailureReason = (response: unknown): string | null => {
  const nested = typeof response === "object" && response !== null
    ? (response as Record<string, unknown>)["response"]
    : undefined
  return textAt(response, "error") ?? textAt(nested, "detail") ?? textAt(nested, "error") ??
    textAt(response, "failure_reason") ?? null
}

/** Why an await gave up: its schedule ended while the job was still running. */
export const scheduleEnded = (jobId: unknown): string =>
  `job ${String(jobId)} was still running when the polling schedule ended`

/** Why an await gave up: its timeout (`timeout`, as the line formats a duration) passed. */
export const awaitTimedOut = (jobId: unknown, timeout: string): string =>
  `job ${String(jobId)} did not finish within ${timeout}`

/** The message of the effect's own timeout kept as the cause of an await's timeout. */
export const awaitTimeoutCause = (jobId: unknown): string => `the await of job ${String(jobId)} timed out`

/**
 * What createAndAwait does after create: return create's result (`done`: a `Created`, an `OAuthExchange`, or a
 * job the server names no id of), await the job, or refuse when the input's `workspaceId` cannot be read again
 * (create read and sent it a moment ago: only an input that changes under us gets there); the refusal names the
 * job, which create started.
 */
export const jobToAwait = (
  created: { readonly _tag: string; readonly jobId?: number | null },
  input: unknown
):
  | { readonly kind: "done" }
  | { readonly kind: "await"; readonly input: { readonly workspaceId: number; readonly jobId: number } }
  | { readonly kind: "refused"; readonly reason: string; readonly jobId: number } =>
{
  if (created._tag !== "Job" || created.jobId === null || created.jobId === undefined) return { kind: "done" }
  const workspaceId = readField(input, "workspaceId")
  if (typeof workspaceId !== "number") {
    return { kind: "refused", reason: "workspaceId: could not be read again to await the job", jobId: created.jobId }
  }
  return { kind: "await", input: { workspaceId, jobId: created.jobId } }
}

/**
 * Why a 202 body of create that is not a valid OAuth exchange is not a job either: it names OAuth fields. (The
 * line's schema of create's 202 tries the exchange first, then a job without these fields.)
 */
export const partialOAuthProblem = (body: object): string | undefined =>
  hasOAuthFields(body)
    ? "has OAuth exchange fields, but is not an OAuth exchange (pending_id, access_token, picker_api_key: strings)"
    : undefined

/**
 * The id of the job an await's input names, when it is a number (the caller's own value: an id the poll refuses,
 * such as -1, is still the one they gave), else `undefined` (only an input outside the types has none).
 */
export const awaitedJobId = (input: unknown): number | undefined => {
  const jobId = readField(input, "jobId")
  return typeof jobId === "number" ? jobId : undefined
}

/**
 * `error`, naming the job whose await it ended: a new instance of the same class (so its `_tag`, its getters such
 * as `message`, and `instanceof` hold), with every field of `error`, its `cause` and its stack, plus `jobId`.
 * `error` itself is not changed: it may be shared (a caller may hold it, or a test's fake answer it twice). An
 * error that names its job already (a failed job's) is returned as it is, as is anything that is not an object,
 * and any error when there is no job id (`undefined`: only an input outside the types names none).
 */
export const withJobId = <E>(error: E, jobId: number | undefined): E & { readonly jobId: number } => {
  if (jobId === undefined || typeof error !== "object" || error === null) {
    return error as E & { readonly jobId: number }
  }
  if (typeof (error as { readonly jobId?: unknown }).jobId === "number") return error as E & { readonly jobId: number }
  const Class = (error as object).constructor as new(fields: Record<string, unknown>) => E
  // the own enumerable fields (a class's `_tag` is its own, set again by its constructor), and the `cause` an
  // Error keeps as a non-enumerable property
  const { _tag: _, ...fields } = error as Record<string, unknown>
  const cause = Object.prototype.hasOwnProperty.call(error, "cause")
    ? { cause: (error as { cause?: unknown }).cause }
    : {}
  const named = new Class({ ...fields, ...cause, jobId })
  const stack = (error as { readonly stack?: unknown }).stack
  if (typeof stack === "string") {
    Object.defineProperty(named, "stack", { value: stack, writable: true, configurable: true, enumerable: false })
  }
  return named as E & { readonly jobId: number }
}

/** The fields of an await's timeout (`scope: "await"`, `operation: "GetJob"`): why it gave up, and its bound. */
export const awaitTimeoutFields = (timeoutMillis: number, description: string): TimeoutFields => ({
  operation: "GetJob",
  scope: "await",
  timeoutMillis,
  description
})

/**
 * How an await ends, from the last job it polled: the job when it succeeded, else the error it is (the job failed,
 * or it was still running when the polling schedule ended), by its tag and fields (none keeps the credentials
 * `known`).
 */
export const awaitEnd = <J extends PolledJob>(
  job: J,
  jobId: unknown,
  timeoutMillis: number,
  known: KnownSecrets = noKnownSecrets
):
  | { readonly tag: "success"; readonly job: J }
  | { readonly tag: "MammothAnalyticsJobFailedError"; readonly fields: JobFailedFields }
  | { readonly tag: "MammothAnalyticsTimeoutError"; readonly fields: TimeoutFields } =>
{
  switch (jobOutcome(job.status)) {
    case "success":
      return { tag: "success", job }
    case "failed":
      return { tag: "MammothAnalyticsJobFailedError", fields: failedJobFields(job, known) }
    case "running":
      return { tag: "MammothAnalyticsTimeoutError", fields: awaitTimeoutFields(timeoutMillis, scheduleEnded(jobId)) }
  }
}
