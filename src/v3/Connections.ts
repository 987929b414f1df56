/**
 * The Connections operations: the service interface `mammoth.connections`, its per-call options, the error union
 * of each operation, and module-level accessors for pipelines written without `yield*`. The inputs are in
 * `Schemas`.
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
 * @category modules
 * @module
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import type * as Operations from "../core/operations.js"
import type { CallError, TableError } from "./Errors.js"
import type { AwaitJobError, AwaitOptions } from "./Jobs.js"
import { MammothAnalytics } from "./MammothAnalytics.js"
import type { RetryInput } from "./RetryPolicy.js"
import type {
  Connection,
  ConnectionList,
  CreateConnectionResult,
  DeleteConnectionInput,
  GetConnectionInput,
  Job,
  ListConnectionsInput,
  SaveConnectionInput,
  UpdateConnectionInput
} from "./Schemas.js"

/**
 * Options of one call, each overriding the layer's.
 *
 * @since 0.1.0
 * @category models
 */
export interface CallOptions {
  /** The retry policy of this call, or a `Schedule` of its delays (`RetryPolicy.none` turns retries off). */
  readonly retry?: RetryInput | undefined
  /** The timeout of each attempt of this call. */
  readonly timeout?: Duration.DurationInput | undefined
  /**
   * Extra request headers: a name that is not an HTTP token, a value with CR, LF or NUL, and the credential and
   * workspace headers (set by the layer) are refused.
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * The failures of an operation, from its status table: those of every call, and the classes its table names.
 *
 * @since 0.4.0
 * @category errors
 */
export type OperationError<Op> = Op extends { readonly errors: infer T extends Operations.ErrorTable } ?
  CallError | TableError<T>
  : never

/**
 * The failures of `list`: those of every call, 401 and 403 (its 400 has no body in the spec: a
 * `MammothAnalyticsDefaultError`).
 *
 * @since 0.1.0
 * @category errors
 * @useDeclaredType
 */
export type ListConnectionsError = OperationError<typeof Operations.ListConnections>

/**
 * The failures of create, get, update and delete: those of every call, and 400, 401 and 403.
 *
 * @since 0.1.0
 * @category errors
 * @useDeclaredType
 */
export type ConnectionError = OperationError<typeof Operations.GetConnection>

/**
 * A create whose job was awaited to its end: `connection` is the connection it created, decoded from
 * `job.response` when that has the API's connection shape (`connection_key`, `connection_config`), else none.
 *
 * @since 0.3.0
 * @category models
 */
export interface CreateCompleted {
  readonly _tag: "Completed"
  readonly job: Job
  /** @since 0.8.0 */
  readonly connection: Option.Option<Connection>
}

/**
 * What `createAndAwait` returns: `Completed` when a 202 job was awaited, else create's own result at once.
 *
 * @since 0.3.0
 * @category models
 */
export type CreateAndAwaitResult = CreateConnectionResult | CreateCompleted

/**
 * The failures of `createAndAwait`: create's own (no `jobId`), and the await's (each with its `jobId`).
 *
 * @since 0.3.0
 * @category errors
 */
export type CreateAndAwaitError = ConnectionError | AwaitJobError

/**
 * The Connections operations (`mammoth.connections`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Connections {
  /** `ListConnections`: every connection of the connector (the API does not paginate), camelCase. */
  readonly list: (
    input: ListConnectionsInput,
    options?: CallOptions
  ) => Effect.Effect<ConnectionList, ListConnectionsError>
  /**
   * `SaveConnection`: the live API answers 202 and creates the connection off-line: a `Job` to await, or an
   * `OAuthExchange` a person finishes in a browser; servers of the reference contract answer 201: `Created`.
   */
  readonly create: (
    input: SaveConnectionInput,
    options?: CallOptions
  ) => Effect.Effect<CreateConnectionResult, ConnectionError>
  /** `GetConnection`: the server's JSON (`null` for an empty body); `Schemas.Connection` decodes a connection. */
  readonly get: (input: GetConnectionInput, options?: CallOptions) => Effect.Effect<unknown, ConnectionError>
  /** `UpdateConnection`: applies `patch`; the server's JSON. */
  readonly update: (input: UpdateConnectionInput, options?: CallOptions) => Effect.Effect<unknown, ConnectionError>
  /** `SaveConnection`, then `jobs.await` on the job its 202 names: the create that finishes. */
  readonly createAndAwait: (
    input: SaveConnectionInput,
    options?: AwaitOptions
  ) => Effect.Effect<CreateAndAwaitResult, CreateAndAwaitError>
  /** `DeleteConnection`. */
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
 * `DeleteConnection` through the `MammothAnalytics` service in context (`delete` is a reserved word).
 *
 * @since 0.1.0
 * @category accessors
 */
export const remove = (
  input: DeleteConnectionInput,
  options?: CallOptions
): Effect.Effect<void, ConnectionError, MammothAnalytics> =>
  Effect.flatMap(MammothAnalytics, (m) => m.connections.delete(input, options))
