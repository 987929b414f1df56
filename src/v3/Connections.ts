/**
 * The Connections operations: the service interface `mammoth.connections`, its per-call options, the error
 * union of each operation, and module-level accessors for pipelines written without `yield*`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Connections } from "mammoth-analytics-effect"
 *
 * // Effect<ConnectionList, ListConnectionsError, MammothAnalytics>
 * const names = Connections.list({ workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" }).pipe(
 *   Effect.map(({ connections }) => connections.map((c) => c.connectionKey))
 * )
 * ```
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type {
  DeleteConnectionInput,
  GetConnectionInput,
  ListConnectionsInput,
  SaveConnectionInput,
  UpdateConnectionInput
} from "./ConnectionsApi.js"
import type * as Api from "./ConnectionsApi.js"
import type {
  CallError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsUnauthorizedError,
  TableError
} from "./Errors.js"
import type { AwaitJobError, AwaitOptions } from "./Jobs.js"
import { MammothAnalytics } from "./MammothAnalytics.js"
import type { RetryPolicy } from "./RetryPolicy.js"
import type { ConnectionList, CreateConnectionResult, Job } from "./Schemas.js"

/**
 * The inputs of the five operations (schemas and types), described in `ConnectionsApi`: validate a
 * configuration with them before calling, if you like; the client validates every input before sending.
 *
 * @since 0.1.0
 * @category inputs
 */
export {
  DeleteConnectionInput,
  GetConnectionInput,
  ListConnectionsInput,
  SaveConnectionInput,
  UpdateConnectionInput
} from "./ConnectionsApi.js"

/**
 * Options of one call, each overriding the layer's.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions {
  /** The retry policy of this call (`RetryPolicy.none` to turn retries off). */
  readonly retry?: RetryPolicy | undefined
  /** The timeout of each attempt of this call. */
  readonly timeout?: Duration.DurationInput | undefined
  /**
   * Extra request headers. A value with CR, LF or NUL, or a name that is not an HTTP token, fails the call
   * with `MammothAnalyticsInvalidRequestError`; `Authorization`, `X-API-KEY`, `X-API-SECRET` and
   * `X-WORKSPACE-ID` come from the layer only.
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * The failures every operation can end with: a 401 and a 403 (authorization is global), any non-2xx status the
 * table does not name, a 2xx body that does not match, input refused before sending, a transport failure and an
 * attempt timeout.
 *
 * @since 0.1.0
 * @category errors
 */
export type CommonError = CallError | MammothAnalyticsUnauthorizedError | MammothAnalyticsForbiddenError

/**
 * The failures of an operation, from its description: those of every call, and the classes its status table
 * names (`TableError`). A status the spec gives no body is a `MammothAnalyticsDefaultError`.
 *
 * @since 0.4.0
 * @category errors
 */
export type OperationError<Op> = Op extends { readonly errors: infer T extends Api.ErrorTable } ?
  CallError | TableError<T>
  : never

/**
 * The failures of `list`: the common ones, its 401 (`MammothAnalyticsUnauthorizedError`, with a body or without
 * one) and its 403 (`MammothAnalyticsForbiddenError`), as on every operation. The spec gives its 400 no body, so
 * it is a `MammothAnalyticsDefaultError`.
 *
 * @since 0.1.0
 * @category errors
 */
export type ListConnectionsError = OperationError<typeof Api.ListConnections>

/**
 * The failures of create, get, update and delete: the common ones (401 and 403 included), plus the 400 classes
 * (Client Error, Validation Exception).
 *
 * @since 0.1.0
 * @category errors
 */
export type ConnectionError =
  | OperationError<typeof Api.SaveConnection>
  | OperationError<typeof Api.GetConnection>
  | OperationError<typeof Api.UpdateConnection>
  | OperationError<typeof Api.DeleteConnection>

/**
 * A create whose job was awaited to its end: `job.response` holds what the job produced (the connection).
 *
 * @since 0.3.0
 * @category models
 */
export interface CreateCompleted {
  readonly _tag: "Completed"
  readonly job: Job
}

/**
 * What `createAndAwait` returns: `Completed` when a 202 job was awaited; otherwise create's own result, at
 * once: `Created` (a 201), `OAuthExchange` (a person must finish it in a browser) or a `Job` whose `jobId` is
 * `null` (there is nothing to await).
 *
 * @since 0.3.0
 * @category models
 */
export type CreateAndAwaitResult = CreateConnectionResult | CreateCompleted

/**
 * The failures of `createAndAwait`: those of create (before it was accepted: no job exists, none is named), and
 * those of awaiting its job, each with the job's `jobId`: the connection may still be created, so resume with
 * `jobs.await({ workspaceId, jobId })` rather than creating it again.
 *
 * @since 0.3.0
 * @category errors
 */
export type CreateAndAwaitError = ConnectionError | AwaitJobError

/**
 * The five operations of the Connections resource (`mammoth.connections`), and `createAndAwait`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Connections {
  /** `ListConnections`: the connections of a connector, with camelCase fields. */
  readonly list: (
    input: ListConnectionsInput,
    options?: CallOptions
  ) => Effect.Effect<ConnectionList, ListConnectionsError>
  /**
   * `SaveConnection`: creates a connection from `requestBody`. The live API answers 202 and creates it
   * off-line, so the result is a `Job` (await it to learn the connection) or an `OAuthExchange` (a person
   * must finish it in a browser); servers of the reference contract answer 201: `Created`, with their body.
   */
  readonly create: (
    input: SaveConnectionInput,
    options?: CallOptions
  ) => Effect.Effect<CreateConnectionResult, ConnectionError>
  /** `GetConnection`: one connection; returns the server's JSON answer (`null` for an empty body). */
  readonly get: (input: GetConnectionInput, options?: CallOptions) => Effect.Effect<unknown, ConnectionError>
  /** `UpdateConnection`: applies `patch`; returns the server's JSON answer. */
  readonly update: (input: UpdateConnectionInput, options?: CallOptions) => Effect.Effect<unknown, ConnectionError>
  /**
   * `SaveConnection`, then, when the live API answers 202 with a job, `jobs.await` on it: the create that
   * finishes. `options` are those of `jobs.await` (`schedule`, `timeout` for the await; `retry` and `headers`
   * for every call).
   */
  readonly createAndAwait: (
    input: SaveConnectionInput,
    options?: AwaitOptions
  ) => Effect.Effect<CreateAndAwaitResult, CreateAndAwaitError>
  /** `DeleteConnection`: deletes a connection. */
  readonly delete: (input: DeleteConnectionInput, options?: CallOptions) => Effect.Effect<void, ConnectionError>
}

/**
 * `ListConnections` through the `MammothAnalytics` service in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const list = (
  input: ListConnectionsInput,
  options?: CallOptions
): Effect.Effect<ConnectionList, ListConnectionsError, MammothAnalytics> =>
  Effect.flatMap(MammothAnalytics, (m) => m.connections.list(input, options))

/**
 * `SaveConnection` through the `MammothAnalytics` service in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const create = (
  input: SaveConnectionInput,
  options?: CallOptions
): Effect.Effect<CreateConnectionResult, ConnectionError, MammothAnalytics> =>
  Effect.flatMap(MammothAnalytics, (m) => m.connections.create(input, options))

/**
 * `createAndAwait` through the `MammothAnalytics` service in context.
 *
 * @since 0.3.0
 * @category accessors
 */
export const createAndAwait = (
  input: SaveConnectionInput,
  options?: AwaitOptions
): Effect.Effect<CreateAndAwaitResult, CreateAndAwaitError, MammothAnalytics> =>
  Effect.flatMap(MammothAnalytics, (m) => m.connections.createAndAwait(input, options))

/**
 * `GetConnection` through the `MammothAnalytics` service in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const get = (
  input: GetConnectionInput,
  options?: CallOptions
): Effect.Effect<unknown, ConnectionError, MammothAnalytics> =>
  Effect.flatMap(MammothAnalytics, (m) => m.connections.get(input, options))

/**
 * `UpdateConnection` through the `MammothAnalytics` service in context.
 *
 * @since 0.1.0
 * @category accessors
 */
export const update = (
  input: UpdateConnectionInput,
  options?: CallOptions
): Effect.Effect<unknown, ConnectionError, MammothAnalytics> =>
  Effect.flatMap(MammothAnalytics, (m) => m.connections.update(input, options))

/**
 * `DeleteConnection` through the `MammothAnalytics` service in context. (`delete` is a reserved word, hence
 * the name.)
 *
 * @since 0.1.0
 * @category accessors
 */
export const remove = (
  input: DeleteConnectionInput,
  options?: CallOptions
): Effect.Effect<void, ConnectionError, MammothAnalytics> =>
  Effect.flatMap(MammothAnalytics, (m) => m.connections.delete(input, options))
