/**
 * The single description of each operation, with no Effect in it: method, path, parameters (where each goes on
 * the wire, how it is written there and what values it accepts), request body, success status and body kind,
 * the status table of its errors, and whether it may be sent twice. Both Effect lines build their client from
 * these values, and the fake server routes and validates with them, so none of them can drift.
 *
 * Each line adds only what is Effect API: the schemas of inputs and answers, keyed by `name` and
 * `success.body`.
 *
 * @internal
 */
import type {
  CreateInput,
  DeleteInput,
  GetInput,
  GetJobInput,
  ListInput,
  OperationId,
  OperationName,
  UpdateInput
} from "./inputs.js"

export { concerns } from "./inputs.js"
export type { OperationId, OperationName } from "./inputs.js"

/**
 * The values a parameter accepts, and how it is written on the wire:
 * - `integer`: a safe integer >= `minimum`, written in decimal;
 * - `connectorKey`: a non-empty string, not `.` or `..`;
 * - `connectionKey`: 1 to 100 code points, not `.` or `..`;
 * - `concern`: one of `concerns`;
 * - `boolean`: written `true` / `false`;
 * - `text`: a non-empty string (the spec's `allowEmptyValue: false`).
 */
export type ParamType =
  | { readonly kind: "integer"; readonly minimum: 0 | 1 }
  | { readonly kind: "connectorKey" }
  | { readonly kind: "connectionKey" }
  | { readonly kind: "concern" }
  | { readonly kind: "boolean" }
  | { readonly kind: "text" }

/**
 * How one parameter is carried: its name in the input (`field`, a key of the input type, so a typo does not
 * compile), its name on the wire, whether it is a path segment, a query parameter or a header (`GetJob`'s
 * workspace, sent as `X-WORKSPACE-ID` only with a key and secret), whether it may be left
 * out (`optional`) or given as `null` (`nullable`; null is not sent), and the values it accepts.
 */
export interface Param<F extends string = string> {
  readonly field: F
  readonly wire: string
  readonly in: "path" | "query" | "header"
  readonly type: ParamType
  readonly optional: boolean
  readonly nullable: boolean
}

/**
 * How an operation's body is built from its input: the input field whose value becomes the body, and whether
 * it is sent as it is (`object`: create's configuration) or wrapped as `{"patch": [...]}` (`patch`: update).
 */
export interface BodySpec<F extends string = string> {
  readonly field: F
  readonly kind: "object" | "patch"
}

/**
 * What an operation answers on success: the status the spec names and how its body is read. `list` is a
 * `ListConnectionsSchema`; `create` a 202 job or OAuth exchange (or, from servers of the reference contract, a
 * 201 with the connection); `job` a `JobResponse`; `json` any JSON (the spec types get and update bodies as
 * `{}`); `none` is read and discarded (delete's 204).
 */
export type SuccessSpec =
  | { readonly status: 200; readonly body: "list" }
  | { readonly status: 202; readonly body: "create" }
  | { readonly status: 200; readonly body: "job" }
  | { readonly status: 200; readonly body: "json" }
  | { readonly status: 204; readonly body: "none" }

/**
 * The error statuses with a class of their own, their fields read from the spec's `{status_code, detail, extra}`
 * body (or, when the answer has none of that shape, from the status alone): 400 (Client Error or Validation
 * Exception), 401 (Unauthorized) and 403 (forbidden). Every operation names 401 and 403, with a body or without
 * one: authorization is global, so any operation can answer either. 400 is named where the spec gives it a body.
 * Every other non-2xx status is the default error.
 * The API reference shows it in place wherever a public type names it, this module being `@internal`.
 *
 * @inline
 */
export type ErrorTable = ReadonlyArray<400 | 401 | 403>

/**
 * The description of one operation whose input is `I`, with the status table `T` and a success body of kind `B`
 * (its literal type gives the operation's success value on each line).
 */
export interface OperationSpec<
  I,
  T extends ErrorTable = ErrorTable,
  B extends SuccessSpec["body"] = SuccessSpec["body"]
> {
  readonly id: OperationId
  readonly name: OperationName
  /** The name of the span a call runs in, e.g. `MammothAnalytics.connections.list`. */
  readonly span: string
  readonly method: "GET" | "POST" | "PATCH" | "DELETE"
  /** The spec's path template, with `{workspace_id}`-style placeholders. */
  readonly path: string
  /**
   * Safe to send twice: a retry of it cannot change the outcome. An operation that is not (create, delete) is
   * retried only when the server cannot have taken it.
   */
  readonly idempotent: boolean
  readonly params: ReadonlyArray<Param<keyof I & string>>
  readonly body?: BodySpec<keyof I & string>
  readonly success: SuccessSpec & { readonly body: B }
  /** The statuses with a body of their own (its literal type gives the operation's error union). */
  readonly errors: T
}

// -----------------------------------------------------------------------------------------------------------
// parameters
// -----------------------------------------------------------------------------------------------------------

const param = <F extends string>(
  field: F,
  wire: string,
  where: Param["in"],
  type: ParamType,
  presence: { readonly optional?: boolean; readonly nullable?: boolean } = {}
): Param<F> => ({
  field,
  wire,
  in: where,
  type,
  optional: presence.optional ?? false,
  nullable: presence.nullable ?? false
})

const workspaceId = param("workspaceId", "workspace_id", "path", { kind: "integer", minimum: 1 })
const projectId = param("projectId", "project_id", "path", { kind: "integer", minimum: 1 })
const connectorKey = param("connectorKey", "connector_key", "path", { kind: "connectorKey" })
const connectionKey = param("connectionKey", "connection_key", "path", { kind: "connectionKey" })
const isExport = param("isExport", "is_export", "query", { kind: "boolean" }, { optional: true })
const concern = param("concern", "concern", "query", { kind: "concern" }, { optional: true, nullable: true })
const profile = param("profile", "profile", "query", { kind: "text" }, { optional: true, nullable: true })
const browseRoot = param("browseRoot", "browse_root", "query", { kind: "text" }, { optional: true, nullable: true })
const foldersOnly = param("foldersOnly", "folders_only", "query", { kind: "boolean" }, { optional: true })
const jobId = param("jobId", "job_id", "path", { kind: "integer", minimum: 0 })
const jobWorkspace = param("workspaceId", "X-WORKSPACE-ID", "header", { kind: "integer", minimum: 1 })

const collectionPath = "/workspaces/{workspace_id}/projects/{project_id}/connectors/{connector_key}/connections"
const itemPath = `${collectionPath}/{connection_key}`

// -----------------------------------------------------------------------------------------------------------
// operations
// -----------------------------------------------------------------------------------------------------------

/**
 * `GET .../connections`: list the connections of a connector. Its 400 has no body in the spec, so it stays the
 * default error; its 401 (bodyless in the spec) and 403 are their own classes, as on every operation.
 */
export const ListConnections: OperationSpec<ListInput, readonly [401, 403], "list"> = {
  id: "ListConnections",
  name: "list",
  span: "MammothAnalytics.connections.list",
  method: "GET",
  path: collectionPath,
  idempotent: true,
  params: [workspaceId, projectId, connectorKey, isExport],
  success: { status: 200, body: "list" },
  errors: [401, 403]
}

/**
 * `POST .../connections`: create a connection. Not idempotent: each accepted request creates one. The live API
 * answers 202 and creates the connection off-line (a job), or starts an OAuth exchange; servers of the
 * reference contract answer 201 with the connection.
 */
export const SaveConnection: OperationSpec<CreateInput, readonly [400, 401, 403], "create"> = {
  id: "SaveConnection",
  name: "create",
  span: "MammothAnalytics.connections.create",
  method: "POST",
  path: collectionPath,
  idempotent: false,
  params: [workspaceId, projectId, connectorKey, isExport],
  body: { field: "requestBody", kind: "object" },
  success: { status: 202, body: "create" },
  errors: [400, 401, 403]
}

/** `GET .../connections/{connection_key}`: read one connection. */
export const GetConnection: OperationSpec<GetInput, readonly [400, 401, 403], "json"> = {
  id: "GetConnection",
  name: "get",
  span: "MammothAnalytics.connections.get",
  method: "GET",
  path: itemPath,
  idempotent: true,
  params: [workspaceId, projectId, connectorKey, connectionKey, concern, profile, browseRoot, foldersOnly, isExport],
  success: { status: 200, body: "json" },
  errors: [400, 401, 403]
}

/**
 * `PATCH .../connections/{connection_key}`: replace a connection's configuration. Idempotent: the only patch
 * operation the spec allows is `replace`, so sending it twice leaves the same state.
 */
export const UpdateConnection: OperationSpec<UpdateInput, readonly [400, 401, 403], "json"> = {
  id: "UpdateConnection",
  name: "update",
  span: "MammothAnalytics.connections.update",
  method: "PATCH",
  path: itemPath,
  idempotent: true,
  params: [workspaceId, projectId, connectorKey, connectionKey, isExport],
  body: { field: "patch", kind: "patch" },
  success: { status: 200, body: "json" },
  errors: [400, 401, 403]
}

/**
 * `DELETE .../connections/{connection_key}`: delete a connection; 204 on success. Not idempotent in its
 * outcome: a second delete of the same connection is a 400 "not found", so it is retried only when the server
 * cannot have taken it, as create is.
 */
export const DeleteConnection: OperationSpec<DeleteInput, readonly [400, 401, 403], "none"> = {
  id: "DeleteConnection",
  name: "delete",
  span: "MammothAnalytics.connections.delete",
  method: "DELETE",
  path: itemPath,
  idempotent: false,
  params: [workspaceId, projectId, connectorKey, connectionKey, isExport],
  success: { status: 204, body: "none" },
  errors: [400, 401, 403]
}

/**
 * `GET /jobs/{job_id}`: one look at a job, such as the one create's 202 starts. Its 400 has no body in the spec,
 * so it stays the default error; its 401 (bodyless in the spec) and 403 (not declared: the server still answers
 * it for a workspace the credentials do not reach) are their own classes, as on every operation. `workspaceId`
 * is not in the path: with a key and secret it is sent as `X-WORKSPACE-ID`.
 */
export const GetJob: OperationSpec<GetJobInput, readonly [401, 403], "job"> = {
  id: "GetJob",
  name: "getJob",
  span: "MammothAnalytics.jobs.get",
  method: "GET",
  path: "/jobs/{job_id}",
  idempotent: true,
  params: [jobId, jobWorkspace],
  success: { status: 200, body: "job" },
  errors: [401, 403]
}

/** The five Connections operations, in the order of the spec's reference page. */
export const connectionOperations = [
  GetConnection,
  DeleteConnection,
  UpdateConnection,
  ListConnections,
  SaveConnection
] as const

/** Every operation the client sends: the five of Connections, and `GetJob`. */
export const allOperations = [...connectionOperations, GetJob] as const

/** Any operation's description, whatever its input. */
export type AnyOperationSpec = (typeof allOperations)[number]
