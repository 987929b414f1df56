/**
 * The failures of the Connections and jobs operations, one class per kind of failure. The classes have the
 * same `_tag`s and fields as on the Effect 3 entry, so a pipeline moving from one line to the other changes its
 * imports, not its error handling. Their fields and messages are defined once, in `core/errors.ts`.
 *
 * Every error of a call carries `operation`, the spec's operationId of the call that failed. None holds a
 * secret: no credential, no request body, in any rendering (`message`, `String()`, `JSON.stringify`,
 * `util.inspect`).
 *
 * @since 0.5.0
 */
import * as Data from "effect/Data"
import type { TableKinds } from "../core/errorBody.js"
import * as Core from "../core/errors.js"
import type * as Operations from "../core/operations.js"

/**
 * The spec's operationIds, one per operation.
 *
 * @since 0.5.0
 * @category models
 */
export type OperationId = Operations.OperationId

/**
 * What every error answered with an HTTP status carries: `operation`, `status`, `headers` (secret ones
 * `<redacted>`) and `body` (cut to the limit).
 *
 * @since 0.5.0
 * @category models
 */
export interface HttpStatusErrorFields extends Core.HttpStatusErrorFields {}

/**
 * What the 400, 401 and 403 errors carry beyond the status: the decoded `{status_code, detail, extra}` body (or,
 * for a body of another shape or none at all, such as list's and GetJob's bodyless 401, the status, its reason
 * phrase and a `null` extra).
 *
 * @since 0.5.0
 * @category models
 */
export interface ErrorBodyFields extends Core.ErrorBodyFields {}

/**
 * A 400 "Client Error" (get, delete, update, create): the request was understood but refused, for example an
 * unknown connection.
 *
 * @since 0.5.0
 * @category errors
 */
export class MammothAnalyticsClientError extends Data.TaggedError("MammothAnalyticsClientError")<ErrorBodyFields> {
  /** @since 0.5.0 */
  override get message(): string {
    return Core.statusMessage(this, "ClientError")
  }
}

/**
 * A 400 "Validation Exception" (get, delete, update, create): the server rejected the input. `extra` is the list
 * of `{message, key, source}` the server sent; `issues` gives its well-formed entries.
 *
 * @since 0.5.0
 * @category errors
 */
export class MammothAnalyticsValidationError
  extends Data.TaggedError("MammothAnalyticsValidationError")<ErrorBodyFields>
{
  /** @since 0.5.0 */
  override get message(): string {
    return Core.statusMessage(this, "ValidationError")
  }

  /**
   * The entries of `extra` that have the server's `{message, key, source}` shape.
   *
   * @since 0.5.0
   */
  get issues(): ReadonlyArray<Core.ValidationIssue> {
    return Core.validationIssues(this.extra)
  }
}

/**
 * A 401 (every operation, `list` and `jobs.get` included, with a body or without one): a missing or wrong token,
 * or API key and secret. Never retried.
 *
 * @since 0.5.0
 * @category errors
 */
export class MammothAnalyticsUnauthorizedError
  extends Data.TaggedError("MammothAnalyticsUnauthorizedError")<ErrorBodyFields>
{
  /** @since 0.5.0 */
  override get message(): string {
    return Core.statusMessage(this, "Unauthorized")
  }
}

/**
 * A 403 (every operation, `jobs.get` included, with a body or without one): the credentials are valid but may not
 * do this. Never retried.
 *
 * @since 0.5.0
 * @category errors
 */
export class MammothAnalyticsForbiddenError
  extends Data.TaggedError("MammothAnalyticsForbiddenError")<ErrorBodyFields>
{
  /** @since 0.5.0 */
  override get message(): string {
    return Core.statusMessage(this, "Forbidden")
  }
}

/**
 * Any other non-2xx answer: 3xx (redirects are not followed, so credentials never travel to another host), 4xx
 * and 5xx the operation's table does not name (every 401 and 403 have classes of their own; list's and
 * `jobs.get`'s 400, which the spec gives no body, is this one).
 *
 * @since 0.5.0
 * @category errors
 */
export class MammothAnalyticsDefaultError
  extends Data.TaggedError("MammothAnalyticsDefaultError")<HttpStatusErrorFields>
{
  /** @since 0.5.0 */
  override get message(): string {
    return Core.defaultMessage(this)
  }
}

/**
 * A 2xx answer whose body does not match the operation's schema (not JSON, wrong shape, or larger than the
 * configured limit). `reason` names where and how it did not match (`at [connections, 1, connection_key]: is
 * missing`), never a value; `body` is the JSON with every value under `connection_config` and every secret-named
 * field masked, or empty when the body was not JSON or too large. It keeps no `cause`: a schema's error quotes
 * the values it refused, which may be a connection's password.
 *
 * @since 0.5.0
 * @category errors
 */
export class MammothAnalyticsResponseValidationError extends Data.TaggedError(
  "MammothAnalyticsResponseValidationError"
)<Core.ResponseValidationFields> {
  /** @since 0.5.0 */
  override get message(): string {
    return Core.responseValidationMessage(this)
  }
}

/**
 * Input the spec rules out, call options that cannot be used, or a configuration that cannot be used safely (a
 * malformed `serverUrl`, one with a user or password, plain `http` to a host other than loopback without
 * `allowInsecureHttp`, a credential no header can carry). Nothing was sent.
 *
 * @since 0.5.0
 * @category errors
 */
export class MammothAnalyticsInvalidRequestError
  extends Data.TaggedError("MammothAnalyticsInvalidRequestError")<Core.InvalidRequestFields>
{
  /** @since 0.5.0 */
  override get message(): string {
    return Core.invalidRequestMessage(this)
  }
}

/**
 * A transport failure: the connection was refused or reset, or the body was cut short. `cause` is effect's
 * `HttpClientError`, rebuilt on a request without its headers and body around a copy of the transport's error,
 * so no rendering shows a credential or a connection's password.
 *
 * @since 0.5.0
 * @category errors
 */
export class MammothAnalyticsTransportError
  extends Data.TaggedError("MammothAnalyticsTransportError")<Core.TransportFields & { readonly cause?: unknown }>
{
  /** @since 0.5.0 */
  override get message(): string {
    return Core.transportMessage(this)
  }
}

/**
 * A timeout: one attempt of a call took longer than its timeout (`scope: "attempt"`, retried like any transient
 * failure), or a job was not done within its await's timeout, or before the await's schedule ended
 * (`scope: "await"`, `operation: "GetJob"`, and the job's `jobId`). `cause` is effect's own `TimeoutError`, when
 * there was one.
 *
 * @since 0.5.0
 * @category errors
 */
export class MammothAnalyticsTimeoutError
  extends Data.TaggedError("MammothAnalyticsTimeoutError")<Core.TimeoutFields & { readonly cause?: unknown }>
{
  /** @since 0.5.0 */
  override get message(): string {
    return Core.timeoutMessage(this)
  }
}

/**
 * An awaited job (`jobId`) ended without success (`failure` or `error`). `response` is what the job produced, with the
 * values of secret-named fields masked as `********`; it is not part of `message`.
 *
 * @since 0.5.0
 * @category errors
 */
export class MammothAnalyticsJobFailedError
  extends Data.TaggedError("MammothAnalyticsJobFailedError")<Core.JobFailedFields>
{
  /** @since 0.5.0 */
  override get message(): string {
    return Core.jobFailedMessage(this)
  }
}

/**
 * The class of each kind of status error (`core/errorBody.ts` names the kinds a status table gives).
 *
 * @since 0.5.0
 * @category models
 */
export interface StatusErrors {
  readonly ClientError: MammothAnalyticsClientError
  readonly ValidationError: MammothAnalyticsValidationError
  readonly Unauthorized: MammothAnalyticsUnauthorizedError
  readonly Forbidden: MammothAnalyticsForbiddenError
}

/**
 * The classes a status table names, by status: 400 is a Client Error or a Validation Exception, 401
 * Unauthorized, 403 Forbidden. `TableError<readonly [403]>` is `MammothAnalyticsForbiddenError`.
 *
 * @since 0.5.0
 * @category models
 */
export type TableError<T extends ReadonlyArray<400 | 401 | 403>> = StatusErrors[TableKinds<T>]

/**
 * The failures every call can end with, whatever its status table: any non-2xx status the table does not name,
 * a 2xx body that does not match, input refused before sending, a transport failure and an attempt timeout.
 *
 * @since 0.5.0
 * @category models
 */
export type CallError =
  | MammothAnalyticsDefaultError
  | MammothAnalyticsResponseValidationError
  | MammothAnalyticsInvalidRequestError
  | MammothAnalyticsTransportError
  | MammothAnalyticsTimeoutError

/**
 * A failure `E` of an await (`jobs.await`, or `createAndAwait` once its create was accepted), naming its job: each
 * class of the union with its optional `jobId` present. The class, its `_tag` and its other fields are the
 * failure's own (a poll's 401 is still a `MammothAnalyticsUnauthorizedError` of `operation: "GetJob"`), so one
 * `catchTag` handles it as any other; `jobId` lets the caller resume the await with
 * `jobs.await({ workspaceId, jobId })` instead of creating the connection again.
 *
 * @since 0.6.0
 * @category models
 */
export type WithJobId<E> = E & { readonly jobId: number }

/**
 * Every error this library defines.
 *
 * @since 0.5.0
 * @category models
 */
export type MammothAnalyticsError =
  | StatusErrors[keyof StatusErrors]
  | CallError
  | MammothAnalyticsJobFailedError
