/**
 * The Connections operations: the service interface `mammoth.connections`, its per-call options, the inputs
 * (schemas and types), the error union of each operation, and module-level accessors for pipelines written
 * without `yield*`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Connections } from "mammoth-analytics-effect/v4"
 *
 * // Effect<ConnectionList, ListConnectionsError, MammothAnalytics>
 * const names = Connections.list({ workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" }).pipe(
 *   Effect.map(({ connections }) => connections.map((c) => c.connectionKey))
 * )
 * ```
 *
 * @since 0.5.0
 */
import type * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { textProblem } from "../core/input.js"
import type * as Operations from "../core/operations.js"
import type {
  CallError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsUnauthorizedError,
  TableError
} from "./Errors.js"
import type { AwaitJobError, AwaitOptions } from "./Jobs.js"
import { MammothAnalytics } from "./MammothAnalytics.js"
import type { RetryPolicy } from "./RetryPolicy.js"
import * as Schemas from "./Schemas.js"
import type { ConnectionList, CreateConnectionResult, Job } from "./Schemas.js"

const ConnectorScope = {
  workspaceId: Schemas.WorkspaceId,
  projectId: Schemas.ProjectId,
  connectorKey: Schemas.ConnectorKey,
  isExport: Schema.optional(Schema.Boolean)
}

/**
 * Input of `connections.list`. (The client checks every input by the rules of `core/input.ts` before sending;
 * validate with these schemas beforehand, if you like: they apply the same rules.)
 *
 * @since 0.5.0
 * @category inputs
 */
export const ListConnectionsInput = Schema.Struct(ConnectorScope).annotate({ identifier: "ListConnectionsInput" })

/**
 * @since 0.5.0
 * @category inputs
 */
export interface ListConnectionsInput extends Schema.Schema.Type<typeof ListConnectionsInput> {}

/**
 * Input of `connections.create`: `requestBody` is the connection's configuration, sent as the JSON body.
 *
 * @since 0.5.0
 * @category inputs
 */
export const SaveConnectionInput = Schema.Struct({
  ...ConnectorScope,
  requestBody: Schemas.JsonObject
}).annotate({ identifier: "SaveConnectionInput" })

/**
 * @since 0.5.0
 * @category inputs
 */
export interface SaveConnectionInput extends Schema.Schema.Type<typeof SaveConnectionInput> {}

/** An optional string query parameter's value: `?profile=` is not a value (core/input.ts `textProblem`). */
const QueryText = Schema.String.check(Schema.makeFilter((s: string) => textProblem(s))).annotate({
  description: "a non-empty string: the spec declares allowEmptyValue false"
})

/**
 * Input of `connections.get`. `concern`, `profile` and `browseRoot` may be `null`, as the spec allows: null is
 * not sent. `profile` and `browseRoot` must not be empty (the spec: `allowEmptyValue: false`); leave them out
 * to send none. `browseRoot` and `foldersOnly` are sent as `browse_root` and `folders_only`.
 *
 * @since 0.5.0
 * @category inputs
 */
export const GetConnectionInput = Schema.Struct({
  ...ConnectorScope,
  connectionKey: Schemas.ConnectionKey,
  concern: Schema.optional(Schema.NullOr(Schemas.Concern)),
  profile: Schema.optional(Schema.NullOr(QueryText)),
  browseRoot: Schema.optional(Schema.NullOr(QueryText)),
  foldersOnly: Schema.optional(Schema.Boolean)
}).annotate({ identifier: "GetConnectionInput" })

/**
 * @since 0.5.0
 * @category inputs
 */
export interface GetConnectionInput extends Schema.Schema.Type<typeof GetConnectionInput> {}

/**
 * Input of `connections.update`: `patch` is sent as `{"patch": [...]}`.
 *
 * @since 0.5.0
 * @category inputs
 */
export const UpdateConnectionInput = Schema.Struct({
  ...ConnectorScope,
  connectionKey: Schemas.ConnectionKey,
  patch: Schema.Array(Schemas.ConnectionPatchOp)
}).annotate({ identifier: "UpdateConnectionInput" })

/**
 * @since 0.5.0
 * @category inputs
 */
export interface UpdateConnectionInput extends Schema.Schema.Type<typeof UpdateConnectionInput> {}

/**
 * Input of `connections.delete`.
 *
 * @since 0.5.0
 * @category inputs
 */
export const DeleteConnectionInput = Schema.Struct({
  ...ConnectorScope,
  connectionKey: Schemas.ConnectionKey
}).annotate({ identifier: "DeleteConnectionInput" })

/**
 * @since 0.5.0
 * @category inputs
 */
export interface DeleteConnectionInput extends Schema.Schema.Type<typeof DeleteConnectionInput> {}

/**
 * Options of one call, each overriding the layer's.
 *
 * @since 0.5.0
 * @category models
 */
export interface CallOptions {
  /** The retry policy of this call (`RetryPolicy.none` to turn retries off). */
  readonly retry?: RetryPolicy | undefined
  /** The timeout of each attempt of this call. */
  readonly timeout?: Duration.Input | undefined
  /**
   * Extra request headers. A value with CR, LF or NUL, or a name that is not an HTTP token, fails the call with
   * `MammothAnalyticsInvalidRequestError`; `Authorization`, `X-API-KEY`, `X-API-SECRET` and `X-WORKSPACE-ID`
   * come from the layer only.
   */
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/**
 * The failures every operation can end with: a 401 and a 403 (authorization is global), any non-2xx status the
 * table does not name, a 2xx body that does not match, input refused before sending, a transport failure and an
 * attempt timeout.
 *
 * @since 0.5.0
 * @category errors
 */
export type CommonError = CallError | MammothAnalyticsUnauthorizedError | MammothAnalyticsForbiddenError

/**
 * The failures of an operation, from its description: those of every call, and the classes its status table
 * names (`TableError`).
 *
 * @since 0.5.0
 * @category errors
 */
export type OperationError<Op> = Op extends { readonly errors: infer T extends Operations.ErrorTable } ?
  CallError | TableError<T>
  : never

/**
 * The failures of `list`: the common ones, its 401 (`MammothAnalyticsUnauthorizedError`, with a body or without
 * one) and its 403 (`MammothAnalyticsForbiddenError`), as on every operation. The spec gives its 400 no body, so it
 * is a `MammothAnalyticsDefaultError`.
 *
 * @since 0.5.0
 * @category errors
 */
export type ListConnectionsError = OperationError<typeof Operations.ListConnections>

/**
 * The failures of create, get, update and delete: the common ones (401 and 403 included), plus the 400 classes
 * (Client Error, Validation Exception).
 *
 * @since 0.5.0
 * @category errors
 */
export type ConnectionError =
  | OperationError<typeof Operations.SaveConnection>
  | OperationError<typeof Operations.GetConnection>
  | OperationError<typeof Operations.UpdateConnection>
  | OperationError<typeof Operations.DeleteConnection>

/**
 * A create whose job was awaited to its end: `job.response` holds what the job produced (the connection).
 *
 * @since 0.5.0
 * @category models
 */
export interface CreateCompleted {
  readonly _tag: "Completed"
  readonly job: Job
}

/**
 * What `createAndAwait` returns: `Completed` when a 202 job was awaited; otherwise create's own result, at once:
 * `Created`, `OAuthExchange` or a `Job` whose `jobId` is `null` (there is nothing to await).
 *
 * @since 0.5.0
 * @category models
 */
export type CreateAndAwaitResult = CreateConnectionResult | CreateCompleted

/**
 * The failures of `createAndAwait`: those of create (before it was accepted: no job exists, none is named), and
 * those of awaiting its job, each with the job's `jobId`: the connection may still be created, so resume with
 * `jobs.await({ workspaceId, jobId })` rather than creating it again.
 *
 * @since 0.5.0
 * @category errors
 */
export type CreateAndAwaitError = ConnectionError | AwaitJobError

/**
 * The five operations of the Connections resource (`mammoth.connections`), and `createAndAwait`.
 *
 * @since 0.5.0
 * @category models
 */
export interface Connections {
  /** `ListConnections`: the connections of a connector, with camelCase fields. */
  readonly list: (
    input: ListConnectionsInput,
    options?: CallOptions
  ) => Effect.Effect<ConnectionList, ListConnectionsError>
  /**
   * `SaveConnection`: creates a connection from `requestBody`. The live API answers 202 and creates it off-line:
   * a `Job` (await it to learn the connection) or an `OAuthExchange`; servers of the reference contract answer
   * 201: `Created`, with their body.
   */
  readonly create: (
    input: SaveConnectionInput,
    options?: CallOptions
  ) => Effect.Effect<CreateConnectionResult, OperationError<typeof Operations.SaveConnection>>
  /** `GetConnection`: one connection; returns the server's JSON answer (`null` for an empty body). */
  readonly get: (
    input: GetConnectionInput,
    options?: CallOptions
  ) => Effect.Effect<unknown, OperationError<typeof Operations.GetConnection>>
  /** `UpdateConnection`: applies `patch`; returns the server's JSON answer. */
  readonly update: (
    input: UpdateConnectionInput,
    options?: CallOptions
  ) => Effect.Effect<unknown, OperationError<typeof Operations.UpdateConnection>>
  /**
   * `SaveConnection`, then, when the live API answers 202 with a job, `jobs.await` on it. `options` are those of
   * `jobs.await` (`schedule`, `timeout` for the await; `retry` and `headers` for every call).
   */
  readonly createAndAwait: (
    input: SaveConnectionInput,
    options?: AwaitOptions
  ) => Effect.Effect<CreateAndAwaitResult, CreateAndAwaitError>
  /** `DeleteConnection`: deletes a connection. */
  readonly delete: (
    input: DeleteConnectionInput,
    options?: CallOptions
  ) => Effect.Effect<void, OperationError<typeof Operations.DeleteConnection>>
}

/**
 * `ListConnections` through the `MammothAnalytics` service in context.
 *
 * @since 0.5.0
 * @category accessors
 */
export const list = (
  input: ListConnectionsInput,
  options?: CallOptions
): Effect.Effect<ConnectionList, ListConnectionsError, MammothAnalytics> =>
  MammothAnalytics.use((m) => m.connections.list(input, options))

/**
 * `SaveConnection` through the `MammothAnalytics` service in context.
 *
 * @since 0.5.0
 * @category accessors
 */
export const create = (
  input: SaveConnectionInput,
  options?: CallOptions
): Effect.Effect<CreateConnectionResult, ConnectionError, MammothAnalytics> =>
  MammothAnalytics.use((m) => m.connections.create(input, options))

/**
 * `createAndAwait` through the `MammothAnalytics` service in context.
 *
 * @since 0.5.0
 * @category accessors
 */
export const createAndAwait = (
  input: SaveConnectionInput,
  options?: AwaitOptions
): Effect.Effect<CreateAndAwaitResult, CreateAndAwaitError, MammothAnalytics> =>
  MammothAnalytics.use((m) => m.connections.createAndAwait(input, options))

/**
 * `GetConnection` through the `MammothAnalytics` service in context.
 *
 * @since 0.5.0
 * @category accessors
 */
export const get = (
  input: GetConnectionInput,
  options?: CallOptions
): Effect.Effect<unknown, ConnectionError, MammothAnalytics> =>
  MammothAnalytics.use((m) => m.connections.get(input, options))

/**
 * `UpdateConnection` through the `MammothAnalytics` service in context.
 *
 * @since 0.5.0
 * @category accessors
 */
export const update = (
  input: UpdateConnectionInput,
  options?: CallOptions
): Effect.Effect<unknown, ConnectionError, MammothAnalytics> =>
  MammothAnalytics.use((m) => m.connections.update(input, options))

/**
 * `DeleteConnection` through the `MammothAnalytics` service in context. (`delete` is a reserved word, hence the
 * name.)
 *
 * @since 0.5.0
 * @category accessors
 */
export const remove = (
  input: DeleteConnectionInput,
  options?: CallOptions
): Effect.Effect<void, ConnectionError, MammothAnalytics> =>
  MammothAnalytics.use((m) => m.connections.delete(input, options))
