/**
 * What each error of this client carries and says, the same on both Effect lines: the fields of each error
 * class and its message. Each line declares the classes (with the same `_tag`s) on its own `Data.TaggedError`;
 * a field that holds an Effect value (a `cause`) is added there.
 *
 * No message holds a secret: not a credential, not a request body, not a value of a refused input.
 */
import type { StatusErrorKind } from "./errorBody.js"
import type { OperationId } from "./operations.js"

/** What every error answered with an HTTP status carries. */
export interface HttpStatusErrorFields {
  /** The spec's operationId of the call that failed. */
  readonly operation: OperationId
  /** The HTTP status of the answer. */
  readonly status: number
  /** The response headers, lower-case names; secret ones (cookies, keys) are `<redacted>`. */
  readonly headers: Readonly<Record<string, string>>
  /** The response body as text, cut to at most `bodyLimit` characters (see `MammothAnalytics` options). */
  readonly body: string
  /**
   * The job whose await this failure ended: set on every failure of `jobs.await`, and of `createAndAwait` once its
   * create was accepted (absent on create's own failures and on other calls). Resume the await with
   * `jobs.await({ workspaceId, jobId })` rather than creating the connection again.
   */
  readonly jobId?: number
}

/**
 * What the 400, 401 and 403 errors carry beyond the status: the decoded `{status_code, detail, extra}` body.
 *
 * When the server sends one whose body is not of that shape (a proxy's HTML page, say), the error class is still
 * chosen by the status, `statusCode` is the HTTP status, `detail` the reason phrase and `extra` is `null`: a
 * pipeline that catches every 401 in one place catches them all.
 */
export interface ErrorBodyFields extends HttpStatusErrorFields {
  readonly statusCode: number
  readonly detail: string
  readonly extra: unknown
}

/** What a 2xx answer whose body was refused carries (no `cause`: a schema's error quotes values). */
export interface ResponseValidationFields {
  readonly operation: OperationId
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  /**
   * The body as JSON text with every value under `connection_config` and every secret-named field masked, cut to
   * 16 KiB; empty when it was not JSON or was too large.
   */
  readonly body: string
  /** Why the body was refused, in one line: a path and the kind of mismatch, never a value. */
  readonly reason: string
  /**
   * The job whose await this failure ended: set on every failure of `jobs.await`, and of `createAndAwait` once its
   * create was accepted (absent on create's own failures and on other calls). Resume the await with
   * `jobs.await({ workspaceId, jobId })` rather than creating the connection again.
   */
  readonly jobId?: number
}

/** What an input or a configuration refused before sending carries. */
export interface InvalidRequestFields {
  readonly operation: OperationId
  /** What is wrong with the input, naming the field; never the value of a secret or of a body. */
  readonly reason: string
  /**
   * The job whose await this failure ended: set on every failure of `jobs.await`, and of `createAndAwait` once its
   * create was accepted (absent on create's own failures and on other calls). Resume the await with
   * `jobs.await({ workspaceId, jobId })` rather than creating the connection again.
   */
  readonly jobId?: number
}

/** What a transport failure carries (its line adds the platform's scrubbed failure as `cause`). */
export interface TransportFields {
  readonly operation: OperationId
  readonly method: string
  /** The URL of the request (the server URL, which can carry no credential, and the operation's path). */
  readonly url: string
  /** What failed, in one line: the transport's message, and its system error code. */
  readonly description: string
  /** The system error code when the transport gave one: `ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`... */
  readonly code?: string
  /**
   * The job whose await this failure ended: set on every failure of `jobs.await`, and of `createAndAwait` once its
   * create was accepted (absent on create's own failures and on other calls). Resume the await with
   * `jobs.await({ workspaceId, jobId })` rather than creating the connection again.
   */
  readonly jobId?: number
}

/** What a timeout carries (its line adds the effect's own timeout failure as `cause`, when there was one). */
export interface TimeoutFields {
  readonly operation: OperationId
  readonly scope: "attempt" | "await"
  /**
   * The timeout in force, in milliseconds: the attempt's, or the await's (an await whose schedule ended first
   * did not reach it; its `description` says so).
   */
  readonly timeoutMillis: number
  /** What timed out, in one line. */
  readonly description: string
  /**
   * The job whose await this failure ended: set on every failure of `jobs.await`, and of `createAndAwait` once its
   * create was accepted (absent on create's own failures and on other calls). Resume the await with
   * `jobs.await({ workspaceId, jobId })` rather than creating the connection again.
   */
  readonly jobId?: number
}

/** What an awaited job that ended without success carries. */
export interface JobFailedFields {
  /** The job, as the server named it. */
  readonly jobId: number
  readonly status: "failure" | "error"
  /** The job's `response`, its secret-named fields and every value under `connection_config` masked. */
  readonly response: unknown
  /** The job's `operation`, as the server names it. */
  readonly jobOperation: string
  /**
   * Why the job failed, as the server says it, where the API's own Python SDK reads it: `response.error`, else
   * `response.response.detail` or `.error`, else `response.failure_reason`; `null` when it says nothing.
   */
  readonly reason: string | null
}

const statusKinds: Readonly<Record<Exclude<StatusErrorKind, "Default">, string>> = {
  ClientError: "client error",
  ValidationError: "validation failed",
  Unauthorized: "unauthorized",
  Forbidden: "forbidden"
}

/** The message of a 400, 401 or 403 error: operation, kind, status and the server's `detail`. */
export const statusMessage = (self: ErrorBodyFields, kind: Exclude<StatusErrorKind, "Default">): string =>
  `${self.operation}: ${statusKinds[kind]} (HTTP ${self.status}): ${self.detail}`

/** The message of a status the table does not name: operation, status and the start of the body. */
export const defaultMessage = (self: HttpStatusErrorFields): string => {
  const excerpt = self.body.length > 200 ? `${self.body.slice(0, 200)}...` : self.body
  return `${self.operation}: unexpected HTTP ${self.status}${excerpt.length > 0 ? `: ${excerpt}` : ""}`
}

/** The message of a refused 2xx body. */
export const responseValidationMessage = (self: ResponseValidationFields): string =>
  `${self.operation}: invalid response body (HTTP ${self.status}): ${self.reason}`

/** The message of a refused input or configuration. */
export const invalidRequestMessage = (self: InvalidRequestFields): string =>
  `${self.operation}: invalid request, nothing was sent: ${self.reason}`

/** The message of a transport failure. */
export const transportMessage = (self: TransportFields): string =>
  `${self.operation}: transport failure (${self.method} ${self.url}): ${self.description}`

/** The message of a timeout. */
export const timeoutMessage = (self: TimeoutFields): string => `${self.operation}: ${self.description}`

/** The message of a failed job (its response is not in it). */
export const jobFailedMessage = (self: JobFailedFields): string =>
  `job ${self.jobId} (${self.jobOperation}) ended with status ${self.status}` +
  (self.reason === null ? "" : `: ${self.reason.length > 200 ? `${self.reason.slice(0, 200)}...` : self.reason}`)

/**
 * The kinds of error a status table names, by type: 400 is a Client Error or a Validation Exception, 401
 * Unauthorized, 403 Forbidden. Each line maps the kinds to its classes, so an operation's error union follows
 * from its table.
 */
export type TableKinds<T extends ReadonlyArray<400 | 401 | 403>> =
  | (400 extends T[number] ? "ClientError" | "ValidationError" : never)
  | (401 extends T[number] ? "Unauthorized" : never)
  | (403 extends T[number] ? "Forbidden" : never)

/** The fields of each error class, by its `_tag` (the same on both lines). */
export interface ErrorFieldsByTag {
  readonly MammothAnalyticsClientError: ErrorBodyFields
  readonly MammothAnalyticsValidationError: ErrorBodyFields
  readonly MammothAnalyticsUnauthorizedError: ErrorBodyFields
  readonly MammothAnalyticsForbiddenError: ErrorBodyFields
  readonly MammothAnalyticsDefaultError: HttpStatusErrorFields
  readonly MammothAnalyticsResponseValidationError: ResponseValidationFields
  readonly MammothAnalyticsInvalidRequestError: InvalidRequestFields
  readonly MammothAnalyticsTransportError: TransportFields
  readonly MammothAnalyticsTimeoutError: TimeoutFields
  readonly MammothAnalyticsJobFailedError: JobFailedFields
}

/** The `_tag` of every error class of this library. */
export type ErrorTag = keyof ErrorFieldsByTag

/** The tag of the class of each kind of status error. */
export const statusErrorTags = {
  ClientError: "MammothAnalyticsClientError",
  ValidationError: "MammothAnalyticsValidationError",
  Unauthorized: "MammothAnalyticsUnauthorizedError",
  Forbidden: "MammothAnalyticsForbiddenError",
  Default: "MammothAnalyticsDefaultError"
} as const satisfies Readonly<Record<StatusErrorKind, ErrorTag>>

const messages: { readonly [T in ErrorTag]: (self: ErrorFieldsByTag[T]) => string } = {
  MammothAnalyticsClientError: (self) => statusMessage(self, "ClientError"),
  MammothAnalyticsValidationError: (self) => statusMessage(self, "ValidationError"),
  MammothAnalyticsUnauthorizedError: (self) => statusMessage(self, "Unauthorized"),
  MammothAnalyticsForbiddenError: (self) => statusMessage(self, "Forbidden"),
  MammothAnalyticsDefaultError: defaultMessage,
  MammothAnalyticsResponseValidationError: responseValidationMessage,
  MammothAnalyticsInvalidRequestError: invalidRequestMessage,
  MammothAnalyticsTransportError: transportMessage,
  MammothAnalyticsTimeoutError: timeoutMessage,
  MammothAnalyticsJobFailedError: jobFailedMessage
}

/** The message of an error of this library, by its `_tag`: no message quotes a secret. */
export const errorMessage = <T extends ErrorTag>(self: ErrorFieldsByTag[T] & { readonly _tag: T }): string =>
  (messages[self._tag] as (self: ErrorFieldsByTag[T]) => string)(self)

/** One entry of a Validation Exception's `extra` list, as the server sends it. */
export interface ValidationIssue {
  readonly message: string
  readonly key: string
  readonly source: string
}

/** The entries of a Validation Exception's `extra` that have the server's `{message, key, source}` shape. */
export const validationIssues = (extra: unknown): ReadonlyArray<ValidationIssue> => {
  if (!Array.isArray(extra)) return []
  return extra.filter((e): e is ValidationIssue =>
    typeof e === "object" && e !== null && typeof e.message === "string" && typeof e.key === "string" &&
    typeof e.source === "string"
  )
}

/** The description of an attempt's timeout (`timeout` as the line formats a duration). */
export const attemptTimedOut = (timeout: string): string => `an attempt timed out after ${timeout}`

/** The reason of a request the platform could not form (an invalid URL, a body it could not encode). */
export const requestNotFormed = (reason: string): string => `the request could not be formed (${reason})`
