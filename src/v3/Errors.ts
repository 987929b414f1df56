/**
 * The failures of the Connections and jobs operations, one class per kind of failure, shared by all operations.
 * Both Effect lines have the same classes, `_tag`s and fields (defined once, in `core/errors.ts`), so a pipeline
 * moving from one line to the other changes its imports, not its error handling.
 *
 * Every error carries `operation`, the spec's operationId of the call that failed, so one `Effect.catchTag` can
 * handle every 401 and still tell which call it was. None holds a secret, in any rendering (`message`, `String()`,
 * `JSON.stringify`, `util.inspect`).
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import type { TableKinds } from "../core/errors.js"
import * as Core from "../core/errors.js"
import type * as Operations from "../core/operations.js"

/**
 * The spec's operationIds, one per operation.
 *
 * @since 0.1.0
 * @category models
 */
export type OperationId = Operations.OperationId

/**
 * What every error answered with an HTTP status carries: `operation`, `status`, `headers` (secret ones
 * `<redacted>`) and `body` (cut, secret values masked).
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpStatusErrorFields extends Core.HttpStatusErrorFields {}

/**
 * What the 400, 401 and 403 errors carry beyond the status: the `{status_code, detail, extra}` body, or for a
 * body of another shape (or none), the status, its reason phrase and a `null` extra.
 *
 * @since 0.1.0
 * @category models
 */
export interface ErrorBodyFields extends Core.ErrorBodyFields {}

/** `Data.TaggedError(tag)` with the message `core/errors.ts` gives an error of that tag. */
const Tagged = <T extends Core.ErrorTag>(tag: T): ReturnType<typeof Data.TaggedError<T>> => {
  const Base = Data.TaggedError(tag)
  return class extends Base<{}> {
    override get message(): string {
      return Core.errorMessage<T>(this as never)
    }
  } as never
}

/**
 * A 400 "Client Error": the request was understood but refused, for example an unknown connection.
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsClientError extends Tagged("MammothAnalyticsClientError")<ErrorBodyFields> {}

/**
 * A 400 "Validation Exception": the server refused the input; `extra` is its list of `{message, key, source}`.
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsValidationError extends Tagged("MammothAnalyticsValidationError")<ErrorBodyFields> {
  /**
   * The entries of `extra` that have the server's `{message, key, source}` shape.
   *
   * @since 0.1.0
   */
  get issues(): ReadonlyArray<Core.ValidationIssue> {
    return Core.validationIssues(this.extra)
  }
}

/**
 * A 401, on any operation: a missing or wrong token, or key and secret. Never retried.
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsUnauthorizedError extends Tagged("MammothAnalyticsUnauthorizedError")<ErrorBodyFields> {}

/**
 * A 403 "Authorization Exception", on any operation: valid credentials that may not do this (a workspace they do
 * not reach). Never retried.
 *
 * @since 0.2.0
 * @category errors
 */
export class MammothAnalyticsForbiddenError extends Tagged("MammothAnalyticsForbiddenError")<ErrorBodyFields> {}

/**
 * Any other non-2xx answer: a 3xx (redirects are not followed), 4xx or 5xx, and list's and GetJob's 400 (the spec
 * gives them no body).
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsDefaultError extends Tagged("MammothAnalyticsDefaultError")<HttpStatusErrorFields> {}

/**
 * A 2xx answer whose body does not match its schema, is not JSON, or is larger than `maxResponseBytes`. `reason`
 * names where and how, never a value; `body` is the masked JSON, or empty. It keeps no `cause`: a schema's error
 * quotes the values it refused.
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsResponseValidationError
  extends Tagged("MammothAnalyticsResponseValidationError")<Core.ResponseValidationFields>
{}

/**
 * Input the spec rules out, or a call option that cannot be used: nothing was sent. `reason` names the field,
 * never a secret or a body value.
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsInvalidRequestError
  extends Tagged("MammothAnalyticsInvalidRequestError")<Core.InvalidRequestFields>
{}

/**
 * A transport failure: the connection was refused or reset, or the body was cut short. `cause` is the platform's
 * own failure, rebuilt without the request's headers and body.
 *
 * @since 0.4.0
 * @category errors
 */
export class MammothAnalyticsTransportError
  extends Tagged("MammothAnalyticsTransportError")<Core.TransportFields & { readonly cause?: unknown }>
{}

/**
 * A timeout: an attempt took longer than its timeout (`scope: "attempt"`, retried like any transient failure), or
 * an awaited job did not finish in time or before its schedule ended (`scope: "await"`).
 *
 * @since 0.4.0
 * @category errors
 */
export class MammothAnalyticsTimeoutError
  extends Tagged("MammothAnalyticsTimeoutError")<Core.TimeoutFields & { readonly cause?: unknown }>
{}

/**
 * An awaited job ended in `failure` or `error`: `reason` is the server's, `response` what the job produced, its
 * secret values masked.
 *
 * @since 0.3.0
 * @category errors
 */
export class MammothAnalyticsJobFailedError extends Tagged("MammothAnalyticsJobFailedError")<Core.JobFailedFields> {}

/**
 * The class of each kind of status error.
 *
 * @since 0.4.0
 * @category models
 */
export interface StatusErrors {
  readonly ClientError: MammothAnalyticsClientError
  readonly ValidationError: MammothAnalyticsValidationError
  readonly Unauthorized: MammothAnalyticsUnauthorizedError
  readonly Forbidden: MammothAnalyticsForbiddenError
}

/**
 * The classes a status table names: 400 a Client Error or a Validation Exception, 401 Unauthorized, 403 Forbidden.
 *
 * @since 0.4.0
 * @category models
 */
export type TableError<T extends ReadonlyArray<400 | 401 | 403>> = StatusErrors[TableKinds<T>]

/**
 * The failures every call can end with, whatever its status table.
 *
 * @since 0.4.0
 * @category models
 */
export type CallError =
  | MammothAnalyticsDefaultError
  | MammothAnalyticsResponseValidationError
  | MammothAnalyticsInvalidRequestError
  | MammothAnalyticsTransportError
  | MammothAnalyticsTimeoutError

/**
 * A failure `E` of an await, naming its job: resume with `jobs.await({ workspaceId, jobId })` rather than create
 * again.
 *
 * @since 0.6.0
 * @category models
 */
export type WithJobId<E> = E & { readonly jobId: number }

/**
 * Every error this library defines.
 *
 * @since 0.1.0
 * @category models
 */
export type MammothAnalyticsError =
  | StatusErrors[keyof StatusErrors]
  | CallError
  | MammothAnalyticsJobFailedError
