/**
 * The failures of the Connections operations, one class per kind of failure, shared by all operations.
 *
 * Every error carries `operation`, the spec's operationId of the call that failed, so one `Effect.catchTag`
 * can handle, say, every 401 and still tell which call it was. None of them holds a secret: no API key or
 * secret, no request body (connection configurations carry database passwords), in any rendering
 * (`message`, `String()`, `JSON.stringify`, `util.inspect`).
 *
 * Transport failures are `MammothAnalyticsTransportError` and timeouts `MammothAnalyticsTimeoutError`: classes
 * of this library, the same on its Effect 3 and Effect 4 entries, whose `cause` keeps the platform's own
 * failure (rebuilt without the request's headers and body).
 *
 * @since 0.1.0
 */
import * as Data from "effect/Data"
import type { TableKinds } from "../core/errorBody.js"
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
 * `<redacted>`) and `body` (cut to the limit).
 *
 * @since 0.1.0
 * @category models
 */
export interface HttpStatusErrorFields extends Core.HttpStatusErrorFields {}

/**
 * What the 400, 401 and 403 errors carry beyond the status: the decoded `{status_code, detail, extra}` body.
 *
 * When the server sends one whose body is not of that shape, or none at all (a proxy's HTML page, list's and
 * GetJob's bodyless 401), the error class is still chosen by the status, `statusCode` is the HTTP status,
 * `detail` the reason phrase and `extra` is `null`: a pipeline that catches every 401 in one place catches them
 * all.
 *
 * @since 0.1.0
 * @category models
 */
export interface ErrorBodyFields extends Core.ErrorBodyFields {}

/**
 * A 400 "Client Error" (get, delete, update, create): the request was understood but refused, for example an
 * unknown connection. Reference SDK: `<Op>ResponseBodyError1`.
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsClientError extends Data.TaggedError("MammothAnalyticsClientError")<ErrorBodyFields> {
  /** @since 0.1.0 */
  override get message(): string {
    return Core.statusMessage(this, "ClientError")
  }
}

/**
 * A 400 "Validation Exception" (get, delete, update, create): the server rejected the input. `extra` is the
 * list of `{message, key, source}` the server sent; {@link MammothAnalyticsValidationError.issues} gives the
 * well-formed entries. Reference SDK: `<Op>ResponseBodyError2`.
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsValidationError
  extends Data.TaggedError("MammothAnalyticsValidationError")<ErrorBodyFields>
{
  /** @since 0.1.0 */
  override get message(): string {
    return Core.statusMessage(this, "ValidationError")
  }

  /**
   * The entries of `extra` that have the server's `{message, key, source}` shape.
   *
   * @since 0.1.0
   */
  get issues(): ReadonlyArray<{ readonly message: string; readonly key: string; readonly source: string }> {
    return Core.validationIssues(this.extra)
  }
}

/**
 * A 401 (every operation, `list` and `jobs.get` included, with a body or without one): a missing or wrong
 * token, or API key and secret (or, with the key and secret, an `X-WORKSPACE-ID` the server refuses). Never
 * retried. Reference SDK: `<Op>UnauthorizedError`.
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsUnauthorizedError
  extends Data.TaggedError("MammothAnalyticsUnauthorizedError")<ErrorBodyFields>
{
  /** @since 0.1.0 */
  override get message(): string {
    return Core.statusMessage(this, "Unauthorized")
  }
}

/**
 * A 403 "Authorization Exception" (every operation, `jobs.get` included, with a body or without one): the
 * credentials are valid but may not do this, for example a workspace they do not reach. Never retried:
 * authorization will not help.
 *
 * @since 0.2.0
 * @category errors
 */
export class MammothAnalyticsForbiddenError
  extends Data.TaggedError("MammothAnalyticsForbiddenError")<ErrorBodyFields>
{
  /** @since 0.2.0 */
  override get message(): string {
    return Core.statusMessage(this, "Forbidden")
  }
}

/**
 * Any other non-2xx answer: 3xx (redirects are not followed, so keys never travel to another host), 4xx and
 * 5xx but 401 and 403, and for `list` and `jobs.get` their 400 (the spec gives it no body). Reference SDK:
 * `MammothAnalyticsDefaultError`.
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsDefaultError
  extends Data.TaggedError("MammothAnalyticsDefaultError")<HttpStatusErrorFields>
{
  /** @since 0.1.0 */
  override get message(): string {
    return Core.defaultMessage(this)
  }
}

/**
 * A 2xx answer whose body does not match the operation's schema (not JSON, wrong shape, or larger than the
 * configured limit). `reason` names where and how it did not match (`at [connections, 1, connection_key]: is
 * missing`), never a value; `body` is the JSON with every value under `connection_config` and every secret-named
 * field masked, or empty when the body was not JSON or too large. It keeps no `cause`: a schema's error quotes
 * the values it refused, which may be a connection's password. Reference SDK: `ResponseValidationError`.
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsResponseValidationError extends Data.TaggedError(
  "MammothAnalyticsResponseValidationError"
)<Core.ResponseValidationFields> {
  /** @since 0.1.0 */
  override get message(): string {
    return Core.responseValidationMessage(this)
  }
}

/**
 * Input that the spec rules out (an id that is not an integer >= 1, a connection key outside 1..100
 * characters, an empty connector key, a body that is not JSON, a header value with CR, LF or NUL), or a
 * configuration that cannot be used safely (a malformed `serverUrl`, one that carries a user or password,
 * plain `http` to a host other than loopback without `allowInsecureHttp`). Nothing was sent.
 *
 * @since 0.1.0
 * @category errors
 */
export class MammothAnalyticsInvalidRequestError
  extends Data.TaggedError("MammothAnalyticsInvalidRequestError")<Core.InvalidRequestFields>
{
  /** @since 0.1.0 */
  override get message(): string {
    return Core.invalidRequestMessage(this)
  }
}

/**
 * A transport failure: the connection was refused or reset, or the body was cut short. `cause` is the
 * transport's own failure (`@effect/platform`'s `RequestError`), rebuilt on a request without its headers and
 * body, so no rendering shows a credential or a connection's password.
 *
 * @since 0.4.0
 * @category errors
 */
export class MammothAnalyticsTransportError
  extends Data.TaggedError("MammothAnalyticsTransportError")<Core.TransportFields & { readonly cause?: unknown }>
{
  /** @since 0.4.0 */
  override get message(): string {
    return Core.transportMessage(this)
  }
}

/**
 * A timeout: one attempt of a call took longer than its timeout (`scope: "attempt"`, retried like any transient
 * failure), or a job was not done within its await's timeout, or before the await's schedule ended
 * (`scope: "await"`, `operation: "GetJob"`, and the job's `jobId`). `cause` is effect's own `TimeoutException`,
 * when there was one.
 *
 * @since 0.4.0
 * @category errors
 */
export class MammothAnalyticsTimeoutError
  extends Data.TaggedError("MammothAnalyticsTimeoutError")<Core.TimeoutFields & { readonly cause?: unknown }>
{
  /** @since 0.4.0 */
  override get message(): string {
    return Core.timeoutMessage(this)
  }
}

/**
 * An awaited job (`jobId`) ended without success: its status is `failure` or `error`. `response` is what the job
 * produced (the server's reason, typically), with the values of secret-named fields (`password`, `token`,
 * `secret`... at any depth) masked as `********`, since a job's response may echo a connection's
 * configuration; it is not part of `message`. `jobs.get` returns the response as the server sent it.
 *
 * @since 0.3.0
 * @category errors
 */
export class MammothAnalyticsJobFailedError
  extends Data.TaggedError("MammothAnalyticsJobFailedError")<Core.JobFailedFields>
{
  /** @since 0.3.0 */
  override get message(): string {
    return Core.jobFailedMessage(this)
  }
}

/**
 * The classes a status table names, by status: 400 is a Client Error or a Validation Exception, 401
 * Unauthorized, 403 Forbidden. `TableError<readonly [403]>` is `MammothAnalyticsForbiddenError`.
 *
 * @since 0.4.0
 * @category models
 */
export type TableError<T extends ReadonlyArray<400 | 401 | 403>> = StatusErrors[TableKinds<T>]

/**
 * The class of each kind of status error (`core/errorBody.ts` names the kinds a status table gives).
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
 * The failures every call can end with, whatever its status table: any non-2xx status the table does not name,
 * a 2xx body that does not match, input refused before sending, a transport failure and an attempt timeout.
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
 * @since 0.1.0
 * @category models
 */
export type MammothAnalyticsError =
  | MammothAnalyticsClientError
  | MammothAnalyticsValidationError
  | MammothAnalyticsUnauthorizedError
  | MammothAnalyticsForbiddenError
  | MammothAnalyticsDefaultError
  | MammothAnalyticsResponseValidationError
  | MammothAnalyticsInvalidRequestError
  | MammothAnalyticsJobFailedError
  | MammothAnalyticsTransportError
  | MammothAnalyticsTimeoutError
