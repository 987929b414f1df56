/**
 * The single description of each Connections operation: method, path, parameters (where each goes on the
 * wire and how it is written there), request body, success status and schema, and the status table of its
 * errors. The client (`Connections`), its tests and the fake server (`testing/`) all read these values, so
 * they cannot drift apart. Not exported from the package since 0.4.0 (its input schemas are, from `Connections`
 * and `Jobs`).
 *
 * @since 0.1.0
 */
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { OperationId } from "./Errors.js"
import * as Schemas from "./Schemas.js"

/**
 * How one parameter is carried: its name in TypeScript (`field`), its name on the wire (`wire`), whether it
 * is a path segment or a query parameter, and a schema from its wire text to its typed value (the client
 * encodes with it, the fake server decodes with it).
 *
 * @since 0.1.0
 * @category models
 */
export interface Param {
  readonly field: string
  readonly wire: string
  readonly in: "path" | "query"
  /** From the wire text (its encoded side is always a string) to the typed value. */
  readonly schema: Schema.Schema<any, any>
}

/**
 * How an operation's request body is built from its input, and the schema the body must match on the wire.
 *
 * @since 0.1.0
 * @category models
 */
export interface BodySpec {
  /** The input field whose value becomes the body. */
  readonly field: string
  /** Wraps the field's value into the wire body (update sends `{"patch": [...]}`). */
  readonly toWire: (value: any) => unknown
  /** The wire body's schema. */
  readonly schema: Schema.Schema<any, any>
}

/**
 * What an operation answers on success: the status the spec names and how its body is read. `list` decodes
 * `ListConnectionsSchema`; `create` decodes a 202 as `Schemas.CreateAccepted` (a job or an OAuth exchange) and
 * a 201 (the reference contract) as `Created`; `json` is any JSON (the spec types get and update bodies as
 * `{}`); `none` reads and discards the body (delete's 204).
 *
 * @since 0.1.0
 * @category models
 */
export type SuccessSpec =
  | { readonly status: 200; readonly body: "list"; readonly schema: typeof Schemas.ListConnectionsSchema }
  | { readonly status: 202; readonly body: "create"; readonly schema: typeof Schemas.CreateAccepted }
  | { readonly status: 200; readonly body: "job"; readonly schema: typeof Schemas.JobFromResponse }
  | { readonly status: 200; readonly body: "json" }
  | { readonly status: 204; readonly body: "none" }

/**
 * The error statuses whose body the spec describes (`{status_code, detail, extra}`), each decoded into its
 * own class: 400 (Client Error or Validation Exception), 401 (Authorization Exception) and 403 (Authorization
 * Exception, forbidden). `list` declares its 400 and 401 without a body, so only its 403 is here. Every other
 * non-2xx status is the default error.
 *
 * @since 0.1.0
 * @category models
 */
export type ErrorTable = ReadonlyArray<400 | 401 | 403>

/**
 * The description of one operation.
 *
 * @since 0.1.0
 * @category models
 */
export interface Operation<I, A, T extends ErrorTable = ErrorTable> {
  /** The spec's operationId. */
  readonly id: OperationId
  /** The operation's short name: the method on `mammoth.connections`, or `getJob` (`mammoth.jobs.get`). */
  readonly name: "list" | "create" | "get" | "update" | "delete" | "getJob"
  /** The name of the span a call runs in, e.g. `MammothAnalytics.connections.list`. */
  readonly span: string
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  /** The spec's path template, with `{workspace_id}`-style placeholders. */
  readonly path: string
  /**
   * Safe to send twice: a retry of it cannot change the outcome. An operation that is not (create, delete) is
   * retried only when the server cannot have taken it (see `RetryPolicy.shouldRetry`).
   */
  readonly idempotent: boolean
  /** The schema of the typed input (camelCase), which the client validates before sending anything. */
  readonly input: Schema.Schema<I>
  readonly params: ReadonlyArray<Param>
  readonly body?: BodySpec
  readonly success: SuccessSpec
  /** The statuses with a body of their own (its literal type gives the operation's error union). */
  readonly errors: T
  /** Phantom: the success value's type. */
  readonly _A?: (_: never) => A
}

// up to 16 digits: every safe integer (Number.MAX_SAFE_INTEGER has 16); the schema then refuses unsafe ones
const decimalInteger = /^[0-9]{1,16}$/

/** An integer parameter (`workspace_id`, `project_id`), written in decimal on the wire. */
const integerParam = (schema: Schema.Schema<number>): Schema.Schema<number, string> =>
  Schema.compose(
    Schema.transformOrFail(Schema.String, Schema.Number, {
      strict: true,
      decode: (s, _, ast) =>
        decimalInteger.test(s)
          ? ParseResult.succeed(Number(s))
          : ParseResult.fail(new ParseResult.Type(ast, s, "expected a decimal integer")),
      encode: (n) => ParseResult.succeed(String(n))
    }),
    schema
  )

/** A boolean parameter (`is_export`), written `true` / `false` on the wire. */
const booleanParam = Schema.transform(Schema.Literal("true", "false"), Schema.Boolean, {
  strict: true,
  decode: (s) => s === "true",
  encode: (b) => (b ? "true" : "false")
})

const workspaceId: Param = {
  field: "workspaceId",
  wire: "workspace_id",
  in: "path",
  schema: integerParam(Schemas.WorkspaceId)
}
const projectId: Param = { field: "projectId", wire: "project_id", in: "path", schema: integerParam(Schemas.ProjectId) }
const connectorKey: Param = { field: "connectorKey", wire: "connector_key", in: "path", schema: Schemas.ConnectorKey }
const connectionKey: Param = {
  field: "connectionKey",
  wire: "connection_key",
  in: "path",
  schema: Schemas.ConnectionKey
}
const isExport: Param = { field: "isExport", wire: "is_export", in: "query", schema: booleanParam }
const concern: Param = { field: "concern", wire: "concern", in: "query", schema: Schemas.Concern }
const profile: Param = { field: "profile", wire: "profile", in: "query", schema: Schema.String }
const browseRoot: Param = { field: "browseRoot", wire: "browse_root", in: "query", schema: Schema.String }
const foldersOnly: Param = { field: "foldersOnly", wire: "folders_only", in: "query", schema: booleanParam }

const collectionPath = "/workspaces/{workspace_id}/projects/{project_id}/connectors/{connector_key}/connections"
const itemPath = `${collectionPath}/{connection_key}`

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

/**
 * Input of `connections.get`. `concern`, `profile` and `browseRoot` may be `null`, as the spec allows: null is
 * not sent. `browseRoot` and `foldersOnly` are sent as `browse_root` and `folders_only`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const GetConnectionInput = Schema.Struct({
  ...ConnectorScope,
  connectionKey: Schemas.ConnectionKey,
  concern: Schema.optional(Schema.NullOr(Schemas.Concern)),
  profile: Schema.optional(Schema.NullOr(Schema.String)),
  browseRoot: Schema.optional(Schema.NullOr(Schema.String)),
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
 * `GET .../connections`: list the connections of a connector.
 *
 * @since 0.1.0
 * @category operations
 */
export const ListConnections: Operation<ListConnectionsInput, Schemas.ConnectionList, readonly [403]> = {
  id: "ListConnections",
  name: "list",
  span: "MammothAnalytics.connections.list",
  method: "GET",
  path: collectionPath,
  idempotent: true,
  input: ListConnectionsInput,
  params: [workspaceId, projectId, connectorKey, isExport],
  success: { status: 200, body: "list", schema: Schemas.ListConnectionsSchema },
  errors: [403]
}

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
> = {
  id: "SaveConnection",
  name: "create",
  span: "MammothAnalytics.connections.create",
  method: "POST",
  path: collectionPath,
  idempotent: false,
  input: SaveConnectionInput,
  params: [workspaceId, projectId, connectorKey, isExport],
  body: { field: "requestBody", toWire: (requestBody) => requestBody, schema: Schemas.JsonObject },
  success: { status: 202, body: "create", schema: Schemas.CreateAccepted },
  errors: [400, 401, 403]
}

/**
 * `GET .../connections/{connection_key}`: read one connection.
 *
 * @since 0.1.0
 * @category operations
 */
export const GetConnection: Operation<GetConnectionInput, unknown, readonly [400, 401, 403]> = {
  id: "GetConnection",
  name: "get",
  span: "MammothAnalytics.connections.get",
  method: "GET",
  path: itemPath,
  idempotent: true,
  input: GetConnectionInput,
  params: [workspaceId, projectId, connectorKey, connectionKey, concern, profile, browseRoot, foldersOnly, isExport],
  success: { status: 200, body: "json" },
  errors: [400, 401, 403]
}

/**
 * `PATCH .../connections/{connection_key}`: replace a connection's configuration. Idempotent: the only
 * patch operation the spec allows is `replace`, so sending it twice leaves the same state.
 *
 * @since 0.1.0
 * @category operations
 */
export const UpdateConnection: Operation<UpdateConnectionInput, unknown, readonly [400, 401, 403]> = {
  id: "UpdateConnection",
  name: "update",
  span: "MammothAnalytics.connections.update",
  method: "PATCH",
  path: itemPath,
  idempotent: true,
  input: UpdateConnectionInput,
  params: [workspaceId, projectId, connectorKey, connectionKey, isExport],
  body: { field: "patch", toWire: (patch) => ({ patch }), schema: Schemas.ConnectionPatchRequest },
  success: { status: 200, body: "json" },
  errors: [400, 401, 403]
}

/**
 * `DELETE .../connections/{connection_key}`: delete a connection; 204 on success. Not idempotent in its
 * outcome: a second delete of the same connection is a 400 "not found", so a retry after an attempt the server
 * may have applied would report a delete that succeeded as a failure. It is retried only when the server
 * cannot have taken it, as create is.
 *
 * @since 0.1.0
 * @category operations
 */
export const DeleteConnection: Operation<DeleteConnectionInput, void, readonly [400, 401, 403]> = {
  id: "DeleteConnection",
  name: "delete",
  span: "MammothAnalytics.connections.delete",
  method: "DELETE",
  path: itemPath,
  idempotent: false,
  input: DeleteConnectionInput,
  params: [workspaceId, projectId, connectorKey, connectionKey, isExport],
  success: { status: 204, body: "none" },
  errors: [400, 401, 403]
}

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

const jobIdParam: Param = { field: "jobId", wire: "job_id", in: "path", schema: integerParam(Schemas.JobId) }

/**
 * `GET /jobs/{job_id}`: one look at a job, such as the one create's 202 starts. Its 400 and 401 have no body in
 * the spec, and it declares no 403.
 *
 * @since 0.3.0
 * @category operations
 */
export const GetJob: Operation<GetJobInput, Schemas.Job, readonly []> = {
  id: "GetJob",
  name: "getJob",
  span: "MammothAnalytics.jobs.get",
  method: "GET",
  path: "/jobs/{job_id}",
  idempotent: true,
  input: GetJobInput,
  params: [jobIdParam],
  success: { status: 200, body: "job", schema: Schemas.JobFromResponse },
  errors: []
}

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
