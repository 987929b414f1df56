/**
 * The Effect 3 side of each operation's description: its input type and success type, on top of the Effect-free
 * description in `core/operations.ts` (method, path, parameters and their rules, body, success status, status
 * table), which the Effect 4 line and the fake read too. Not exported from the package since 0.4.0 (its input
 * schemas are, from `Connections` and `Jobs`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { textProblem } from "../core/input.js"
import * as Core from "../core/operations.js"
import * as Schemas from "./Schemas.js"

/**
 * @since 0.1.0
 * @category models
 */
export type ErrorTable = Core.ErrorTable

/**
 * The description of one operation: the Effect-free description, typed with the input `I` of its schema (so a
 * parameter's `field` must be a key of it) and the success value `A`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Operation<I, A, T extends ErrorTable = ErrorTable> extends Core.OperationSpec<I, T> {
  /** Phantom: the success value's type. */
  readonly _A?: (_: never) => A
}

const ConnectorScope = {
  workspaceId: Schemas.WorkspaceId,
  projectId: Schemas.ProjectId,
  connectorKey: Schemas.ConnectorKey,
  isExport: Schema.optional(Schema.Boolean)
}

/**
 * Input of `connections.list`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const ListConnectionsInput = Schema.Struct(ConnectorScope).annotations({ identifier: "ListConnectionsInput" })

/**
 * @since 0.1.0
 * @category inputs
 */
export interface ListConnectionsInput extends Schema.Schema.Type<typeof ListConnectionsInput> {}

/**
 * Input of `connections.create`: `requestBody` is the connection's configuration, sent as the JSON body.
 *
 * @since 0.1.0
 * @category inputs
 */
export const SaveConnectionInput = Schema.Struct({
  ...ConnectorScope,
  requestBody: Schemas.JsonObject
}).annotations({ identifier: "SaveConnectionInput" })

/**
 * @since 0.1.0
 * @category inputs
 */
export interface SaveConnectionInput extends Schema.Schema.Type<typeof SaveConnectionInput> {}

/** An optional string query parameter's value: `?profile=` is not a value (core/input.ts `textProblem`). */
const QueryText = Schema.String.pipe(
  Schema.filter((s) => textProblem(s) ?? true),
  Schema.annotations({ description: "a non-empty string: the spec declares allowEmptyValue false" })
)

/**
 * Input of `connections.get`. `concern`, `profile` and `browseRoot` may be `null`, as the spec allows: null is
 * not sent. `profile` and `browseRoot` must not be empty (the spec: `allowEmptyValue: false`); leave them out
 * to send none. `browseRoot` and `foldersOnly` are sent as `browse_root` and `folders_only`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const GetConnectionInput = Schema.Struct({
  ...ConnectorScope,
  connectionKey: Schemas.ConnectionKey,
  concern: Schema.optional(Schema.NullOr(Schemas.Concern)),
  profile: Schema.optional(Schema.NullOr(QueryText)),
  browseRoot: Schema.optional(Schema.NullOr(QueryText)),
  foldersOnly: Schema.optional(Schema.Boolean)
}).annotations({ identifier: "GetConnectionInput" })

/**
 * @since 0.1.0
 * @category inputs
 */
export interface GetConnectionInput extends Schema.Schema.Type<typeof GetConnectionInput> {}

/**
 * Input of `connections.update`: `patch` is sent as `{"patch": [...]}`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const UpdateConnectionInput = Schema.Struct({
  ...ConnectorScope,
  connectionKey: Schemas.ConnectionKey,
  patch: Schema.Array(Schemas.ConnectionPatchOp)
}).annotations({ identifier: "UpdateConnectionInput" })

/**
 * @since 0.1.0
 * @category inputs
 */
export interface UpdateConnectionInput extends Schema.Schema.Type<typeof UpdateConnectionInput> {}

/**
 * Input of `connections.delete`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const DeleteConnectionInput = Schema.Struct({
  ...ConnectorScope,
  connectionKey: Schemas.ConnectionKey
}).annotations({ identifier: "DeleteConnectionInput" })

/**
 * @since 0.1.0
 * @category inputs
 */
export interface DeleteConnectionInput extends Schema.Schema.Type<typeof DeleteConnectionInput> {}

/**
 * `GET .../connections`: list the connections of a connector. Its 400 has no body in the spec (a
 * `MammothAnalyticsDefaultError`); its 401 and 403 are their own classes, as on every operation.
 *
 * @since 0.1.0
 * @category operations
 */
export const ListConnections: Operation<ListConnectionsInput, Schemas.ConnectionList, readonly [401, 403]> =
  Core.ListConnections

/**
 * `POST .../connections`: create a connection. Not idempotent: each accepted request creates one. The live API
 * answers 202 and creates the connection off-line (a job), or starts an OAuth exchange; servers of the
 * reference contract answer 201 with the connection.
 *
 * @since 0.1.0
 * @category operations
 */
export const SaveConnection: Operation<
  SaveConnectionInput,
  Schemas.CreateConnectionResult,
  readonly [400, 401, 403]
> = Core.SaveConnection

/**
 * `GET .../connections/{connection_key}`: read one connection.
 *
 * @since 0.1.0
 * @category operations
 */
export const GetConnection: Operation<GetConnectionInput, unknown, readonly [400, 401, 403]> = Core.GetConnection

/**
 * `PATCH .../connections/{connection_key}`: replace a connection's configuration. Idempotent: the only
 * patch operation the spec allows is `replace`, so sending it twice leaves the same state.
 *
 * @since 0.1.0
 * @category operations
 */
export const UpdateConnection: Operation<UpdateConnectionInput, unknown, readonly [400, 401, 403]> =
  Core.UpdateConnection

/**
 * `DELETE .../connections/{connection_key}`: delete a connection; 204 on success. Not idempotent in its
 * outcome: a second delete of the same connection is a 400 "not found", so a retry after an attempt the server
 * may have applied would report a delete that succeeded as a failure. It is retried only when the server
 * cannot have taken it, as create is.
 *
 * @since 0.1.0
 * @category operations
 */
export const DeleteConnection: Operation<DeleteConnectionInput, void, readonly [400, 401, 403]> = Core.DeleteConnection

/**
 * Input of `jobs.get` and `jobs.await`: the job's id, and the workspace it belongs to (sent as
 * `X-WORKSPACE-ID` with a key and secret; the path has no workspace).
 *
 * @since 0.3.0
 * @category inputs
 */
export const GetJobInput = Schema.Struct({
  workspaceId: Schemas.WorkspaceId,
  jobId: Schemas.JobId
}).annotations({ identifier: "GetJobInput" })

/**
 * @since 0.3.0
 * @category inputs
 */
export interface GetJobInput extends Schema.Schema.Type<typeof GetJobInput> {}

/**
 * `GET /jobs/{job_id}`: one look at a job, such as the one create's 202 starts. Its 400 has no body in the spec
 * (a `MammothAnalyticsDefaultError`); its 401 and 403 are their own classes, as on every operation.
 *
 * @since 0.3.0
 * @category operations
 */
export const GetJob: Operation<GetJobInput, Schemas.Job, readonly [401, 403]> = Core.GetJob

/**
 * All five operations, in the order of the spec's reference page.
 *
 * @since 0.1.0
 * @category operations
 */
export const operations = [GetConnection, DeleteConnection, UpdateConnection, ListConnections, SaveConnection] as const

/**
 * Every operation the client sends: the five of Connections, and `GetJob`.
 *
 * @since 0.3.0
 * @category operations
 */
export const allOperations = [...operations, GetJob] as const
