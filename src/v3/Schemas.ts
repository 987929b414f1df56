/**
 * The schemas of what a caller builds and decodes: the inputs of the operations, a connection, create's and
 * createAndAwait's results, a job. Their rules are those of `core/` (the same functions the client's request
 * builder uses), and each input schema is built from its operation's parameters, so a parameter is described
 * once. The snake_case shapes of the wire stay inside the client.
 *
 * @since 0.1.0
 * @category modules
 * @module
 */
import * as Schema from "effect/Schema"
import { valueProblem } from "../core/input.js"
import type * as Inputs from "../core/inputs.js"
import { concerns } from "../core/inputs.js"
import type * as Models from "../core/models.js"
import type { OperationSpec, Param } from "../core/operations.js"
import * as Operations from "../core/operations.js"

/**
 * A JSON object of any content, as a connection's configuration is.
 *
 * @since 0.1.0
 * @category inputs
 */
export const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown }).annotations({
  identifier: "JsonObject"
})

/**
 * One operation of an update: replace the connection's configuration.
 *
 * @since 0.1.0
 * @category inputs
 */
export const ConnectionPatchOp = Schema.Struct({
  op: Schema.Literal("replace"),
  path: Schema.Literal("connection"),
  value: JsonObject
}).annotations({ identifier: "ConnectionPatchOp" })

/**
 * @since 0.1.0
 * @category inputs
 */
export interface ConnectionPatchOp extends Inputs.PatchOp {}

const bases: Readonly<Record<Param["type"]["kind"], Schema.Schema.Any>> = {
  integer: Schema.Int,
  connectorKey: Schema.String,
  connectionKey: Schema.String,
  concern: Schema.Literal(...concerns),
  boolean: Schema.Boolean,
  text: Schema.String
}

/** A parameter's schema: its type, checked by its rule in `core/input.ts`, nullable and optional as described. */
const paramSchema = (param: Param): Schema.Schema.All | Schema.PropertySignature.All => {
  const checked = (bases[param.type.kind] as typeof Schema.Unknown).pipe(
    Schema.filter((value) => valueProblem(param.type, value) ?? true)
  )
  const nullable = param.nullable ? Schema.NullOr(checked) : checked
  return param.optional ? Schema.optional(nullable) : nullable
}

/** The input schema of an operation, from its parameters and body. */
const inputSchema = <I>(operation: OperationSpec<I>): Schema.Schema<I> => {
  const fields: Record<string, Schema.Schema.All | Schema.PropertySignature.All> = {}
  for (const param of operation.params) fields[param.field] = paramSchema(param)
  const body = operation.body
  if (body !== undefined) fields[body.field] = body.kind === "object" ? JsonObject : Schema.Array(ConnectionPatchOp)
  return Schema.Struct(fields).annotations({ identifier: `${operation.id}Input` }) as never
}

/**
 * Input of `connections.list`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const ListConnectionsInput: Schema.Schema<ListConnectionsInput> = inputSchema(Operations.ListConnections)

/**
 * @since 0.1.0
 * @category inputs
 */
export interface ListConnectionsInput extends Inputs.ListInput {}

/**
 * Input of `connections.create`: `requestBody` is the connection's configuration, the JSON body.
 *
 * @since 0.1.0
 * @category inputs
 */
export const SaveConnectionInput: Schema.Schema<SaveConnectionInput> = inputSchema(Operations.SaveConnection)

/**
 * @since 0.1.0
 * @category inputs
 */
export interface SaveConnectionInput extends Inputs.CreateInput {}

/**
 * Input of `connections.get`: `null` is not sent; an empty `profile` or `browseRoot` is refused.
 *
 * @since 0.1.0
 * @category inputs
 */
export const GetConnectionInput: Schema.Schema<GetConnectionInput> = inputSchema(Operations.GetConnection)

/**
 * @since 0.1.0
 * @category inputs
 */
export interface GetConnectionInput extends Inputs.GetInput {}

/**
 * Input of `connections.update`: `patch` is sent as `{"patch": [...]}`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const UpdateConnectionInput: Schema.Schema<UpdateConnectionInput> = inputSchema(Operations.UpdateConnection)

/**
 * @since 0.1.0
 * @category inputs
 */
export interface UpdateConnectionInput extends Inputs.UpdateInput {}

/**
 * Input of `connections.delete`.
 *
 * @since 0.1.0
 * @category inputs
 */
export const DeleteConnectionInput: Schema.Schema<DeleteConnectionInput> = inputSchema(Operations.DeleteConnection)

/**
 * @since 0.1.0
 * @category inputs
 */
export interface DeleteConnectionInput extends Inputs.DeleteInput {}

/**
 * Input of `jobs.get` and `jobs.await`: the job, and its workspace (sent as `X-WORKSPACE-ID` with a key).
 *
 * @since 0.3.0
 * @category inputs
 */
export const GetJobInput: Schema.Schema<GetJobInput> = inputSchema(Operations.GetJob)

/**
 * @since 0.3.0
 * @category inputs
 */
export interface GetJobInput extends Inputs.GetJobInput {}

/**
 * One connection as this library returns it, camelCase; it decodes (and encodes to) the API's snake_case
 * `GetConnectionSchema`: decode a `get` or `update` answer, or a job's response, with it.
 *
 * @since 0.1.0
 * @category models
 */
export const Connection = Schema.Struct({
  connectionKey: Schema.propertySignature(Schema.String.pipe(Schema.minLength(1))).pipe(
    Schema.fromKey("connection_key")
  ),
  connectionConfig: Schema.propertySignature(JsonObject).pipe(Schema.fromKey("connection_config"))
}).annotations({ identifier: "Connection" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Connection extends Schema.Schema.Type<typeof Connection> {}

/**
 * The result of `connections.list`: every connection of the connector (the API does not paginate).
 *
 * @since 0.1.0
 * @category models
 */
export const ConnectionList = Schema.Struct({ connections: Schema.Array(Connection) }).annotations({
  identifier: "ConnectionList"
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ConnectionList extends Schema.Schema.Type<typeof ConnectionList> {}

/**
 * Create was accepted and a job carries it out off-line: await it (`jobId`) to learn the outcome; `jobId` is
 * `null` when the server names no job.
 *
 * @since 0.2.0
 * @category models
 */
export const CreateJob = Schema.TaggedStruct("Job", {
  jobId: Schema.NullOr(Schema.Int),
  statusCode: Schema.NullOr(Schema.Int),
  failureReason: Schema.NullOr(Schema.String)
}).annotations({ identifier: "CreateJob" })

/**
 * @since 0.2.0
 * @category models
 */
export interface CreateJob extends Schema.Schema.Type<typeof CreateJob> {}

/**
 * Create was accepted and waits for a person to finish an OAuth exchange in a browser; the token and the key are
 * `Redacted`.
 *
 * @since 0.2.0
 * @category models
 */
export const CreateOAuthExchange = Schema.TaggedStruct("OAuthExchange", {
  pendingId: Schema.String,
  accessToken: Schema.RedactedFromSelf(Schema.String),
  pickerApiKey: Schema.RedactedFromSelf(Schema.String)
}).annotations({ identifier: "CreateOAuthExchange" })

/**
 * @since 0.2.0
 * @category models
 */
export interface CreateOAuthExchange extends Schema.Schema.Type<typeof CreateOAuthExchange> {}

/**
 * The connection was created before the answer (a 201, as servers of the reference contract answer): `body` is
 * the server's JSON (`null` for an empty body).
 *
 * @since 0.2.0
 * @category models
 */
export const CreateCreated = Schema.TaggedStruct("Created", { body: Schema.Unknown }).annotations({
  identifier: "CreateCreated"
})

/**
 * @since 0.2.0
 * @category models
 */
export interface CreateCreated extends Schema.Schema.Type<typeof CreateCreated> {}

/**
 * What `connections.create` returns, by its `_tag`: `Job`, `OAuthExchange` or `Created`.
 *
 * @since 0.2.0
 * @category models
 */
export const CreateConnectionResult = Schema.Union(CreateJob, CreateOAuthExchange, CreateCreated).annotations({
  identifier: "CreateConnectionResult"
})

/**
 * @since 0.2.0
 * @category models
 */
export type CreateConnectionResult = typeof CreateConnectionResult.Type

/**
 * The statuses the spec names for a job: `processing` until it ends in `success`, `failure` or `error`; a status
 * the client does not know is read as still running.
 *
 * @since 0.3.0
 * @category models
 */
export type JobStatus = Models.JobStatus

/**
 * A job as this library returns it, camelCase: `response` holds what it produced (for a create, the connection).
 *
 * @since 0.3.0
 * @category models
 */
export const Job = Schema.Struct({
  id: Schema.Number,
  status: Schema.String,
  response: Schema.Unknown,
  createdAt: Schema.String,
  lastUpdatedAt: Schema.String,
  path: Schema.String,
  operation: Schema.String
}).annotations({ identifier: "Job" })

/**
 * @since 0.3.0
 * @category models
 */
export interface Job extends Models.Job {}
