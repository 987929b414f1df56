/**
 * Schemas of the Connections API: the parameters a caller passes, the bodies that cross the wire and the
 * camelCase shapes this library returns.
 *
 * Wire bodies are snake_case (`connection_key`); the TypeScript side is camelCase (`connectionKey`). The
 * snake_case schemas are the single description of the wire, the camelCase ones are derived from them with
 * `Schema.fromKey`, so the two cannot drift.
 *
 * @since 0.1.0
 */
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { connectionKeyProblem, connectorKeyProblem } from "../core/input.js"
import { partialOAuthProblem } from "../core/jobs.js"
import type * as Models from "../core/models.js"
import {
  createJobFromWire,
  createJobToWire,
  jobFromWire,
  jobToWire,
  oauthExchangeFromWire,
  oauthExchangeToWire
} from "../core/models.js"
import { concerns } from "../core/operations.js"

/**
 * `workspace_id`: an integer >= 1.
 *
 * @since 0.1.0
 * @category parameters
 */
export const WorkspaceId = Schema.Int.pipe(
  Schema.greaterThanOrEqualTo(1),
  Schema.annotations({ identifier: "WorkspaceId", description: "Workspace ID, an integer >= 1" })
)

/**
 * `project_id`: an integer >= 1.
 *
 * @since 0.1.0
 * @category parameters
 */
export const ProjectId = Schema.Int.pipe(
  Schema.greaterThanOrEqualTo(1),
  Schema.annotations({ identifier: "ProjectId", description: "Project ID, an integer >= 1" })
)

/**
 * `connector_key`: the encoded key of a connector (for example base64 `cG9zdGdyZXM=`), non-empty.
 *
 * @since 0.1.0
 * @category parameters
 */
export const ConnectorKey = Schema.String.pipe(
  Schema.filter((s) => connectorKeyProblem(s) ?? true),
  Schema.annotations({ identifier: "ConnectorKey", description: "Encoded key of the connector, non-empty" })
)

/**
 * `connection_key`: the key of a connection, 1 to 100 characters.
 *
 * @since 0.1.0
 * @category parameters
 */
export const ConnectionKey = Schema.String.pipe(
  Schema.filter((s) => connectionKeyProblem(s) ?? true),
  Schema.annotations({ identifier: "ConnectionKey", description: "Key of the connection, 1 to 100 characters" })
)

/**
 * `concern` (query of get): `profiles` or `ds_config_spec`. `null` is accepted, as the spec allows, and
 * means "not sent".
 *
 * @since 0.1.0
 * @category parameters
 */
export const Concern = Schema.Literal(...concerns).annotations({ identifier: "Concern" })

/**
 * @since 0.1.0
 * @category parameters
 */
export type Concern = typeof Concern.Type

/**
 * A JSON object of any content (`type: object` in the spec), as a connection's configuration is.
 *
 * @since 0.1.0
 * @category bodies
 */
export const JsonObject = Schema.Record({ key: Schema.String, value: Schema.Unknown }).annotations({
  identifier: "JsonObject"
})

/**
 * One connection as it travels on the wire (`GetConnectionSchema` in the spec).
 *
 * @since 0.1.0
 * @category wire
 */
export const GetConnectionSchema = Schema.Struct({
  connection_key: Schema.String.pipe(Schema.minLength(1)),
  connection_config: JsonObject
}).annotations({ identifier: "GetConnectionSchema" })

/**
 * The body of a successful list, as it travels on the wire (`ListConnectionsSchema` in the spec).
 *
 * @since 0.1.0
 * @category wire
 */
export const ListConnectionsSchema = Schema.Struct({
  connections: Schema.Array(GetConnectionSchema)
}).annotations({ identifier: "ListConnectionsSchema" })

/**
 * One connection as this library returns it: camelCase fields, decoded from {@link GetConnectionSchema}.
 *
 * @since 0.1.0
 * @category models
 */
export const Connection = Schema.Struct({
  connectionKey: Schema.propertySignature(GetConnectionSchema.fields.connection_key).pipe(
    Schema.fromKey("connection_key")
  ),
  connectionConfig: Schema.propertySignature(GetConnectionSchema.fields.connection_config).pipe(
    Schema.fromKey("connection_config")
  )
}).annotations({ identifier: "Connection" })

/**
 * @since 0.1.0
 * @category models
 */
export interface Connection extends Schema.Schema.Type<typeof Connection> {}

/**
 * The result of `connections.list`: `{ connections }` with camelCase fields.
 *
 * @since 0.1.0
 * @category models
 */
export const ConnectionList = Schema.Struct({
  connections: Schema.Array(Connection)
}).annotations({ identifier: "ConnectionList" })

/**
 * @since 0.1.0
 * @category models
 */
export interface ConnectionList extends Schema.Schema.Type<typeof ConnectionList> {}

/**
 * A job that a 202 answer of create started, as it travels on the wire (`ObjectJobSchema`): every field may
 * be missing or `null`.
 *
 * @since 0.2.0
 * @category wire
 */
export const ObjectJobSchema = Schema.Struct({
  status_code: Schema.optional(Schema.NullOr(Schema.Int)),
  job_id: Schema.optional(Schema.NullOr(Schema.Int)),
  failure_reason: Schema.optional(Schema.NullOr(Schema.String))
}).annotations({ identifier: "ObjectJobSchema" })

/**
 * An OAuth token exchange that a 202 answer of create starts, as it travels on the wire
 * (`OauthTokenExchangeResponse`): a person finishes it in a browser (the Google Picker).
 *
 * @since 0.2.0
 * @category wire
 */
export const OauthTokenExchangeResponse = Schema.Struct({
  access_token: Schema.String,
  pending_id: Schema.String,
  picker_api_key: Schema.String
}).annotations({ identifier: "OauthTokenExchangeResponse" })

/**
 * Create was accepted and a job carries it out off-line (a 202 without the OAuth fields). The connection does
 * not exist yet, so there is no connection key: await the job (`jobId`) to learn the outcome. `jobId` is
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
 * Create was accepted and waits for a person to finish an OAuth exchange in a browser (a 202 with
 * `pending_id`, `access_token` and `picker_api_key`). The token and the key are credentials: `Redacted`, so no
 * `String`, `JSON.stringify`, `util.inspect` or log shows them.
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
 * The connection was created before the answer (a 201, as servers of the reference contract answer, or any
 * other 2xx with JSON): `body` is the server's JSON (`null` for an empty body).
 *
 * @since 0.2.0
 * @category models
 */
export const CreateCreated = Schema.TaggedStruct("Created", {
  body: Schema.Unknown
}).annotations({ identifier: "CreateCreated" })

/**
 * @since 0.2.0
 * @category models
 */
export interface CreateCreated extends Schema.Schema.Type<typeof CreateCreated> {}

/**
 * What `connections.create` returns, by its `_tag`: `Job` (202: processing goes on off-line), `OAuthExchange`
 * (202: a person must finish it in a browser) or `Created` (201, as older servers answer).
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
 * A JSON object with none of the OAuth exchange's fields: a 202 that has some of them but is not a valid
 * exchange (a `null` token, a missing key) is refused rather than read as a job with every field `null`.
 */
const WithoutOAuthFields = JsonObject.pipe(Schema.filter((body) => partialOAuthProblem(body) ?? true))

/**
 * A 202 body of create, decoded: an OAuth exchange when it has the three OAuth fields, else a job. (The
 * spec's `oneOf` overlaps: every OAuth exchange also matches the job schema, whose fields are all optional, so
 * the OAuth reading is tried first, and a body with only some OAuth fields is neither.)
 *
 * @since 0.2.0
 * @category wire
 */
export const CreateAccepted = Schema.Union(
  Schema.transform(OauthTokenExchangeResponse, Schema.typeSchema(CreateOAuthExchange), {
    strict: true,
    decode: (wire) => oauthExchangeFromWire(wire, Redacted.make),
    encode: (exchange) => oauthExchangeToWire(exchange, Redacted.value)
  }),
  Schema.transform(
    Schema.compose(WithoutOAuthFields, ObjectJobSchema, { strict: false }),
    Schema.typeSchema(CreateJob),
    {
      strict: true,
      decode: createJobFromWire,
      encode: createJobToWire
    }
  )
).annotations({ identifier: "CreateAccepted" })

/**
 * One operation of an update (`ConnectionPatchOp`): replace the connection's configuration.
 *
 * @since 0.1.0
 * @category bodies
 */
export const ConnectionPatchOp = Schema.Struct({
  op: Schema.Literal("replace"),
  path: Schema.Literal("connection"),
  value: JsonObject
}).annotations({ identifier: "ConnectionPatchOp" })

/**
 * @since 0.1.0
 * @category bodies
 */
export interface ConnectionPatchOp extends Schema.Schema.Type<typeof ConnectionPatchOp> {}

/**
 * The body of an update on the wire (`ConnectionPatchRequest`).
 *
 * @since 0.1.0
 * @category wire
 */
export const ConnectionPatchRequest = Schema.Struct({
  patch: Schema.Array(ConnectionPatchOp)
}).annotations({ identifier: "ConnectionPatchRequest" })

/**
 * The body of every 400 and 401 answer: `{status_code, detail, extra}`. The server's validation errors carry
 * `extra` as a list of `{message, key, source}`; its other client errors carry an object or null.
 *
 * @since 0.1.0
 * @category wire
 */
export const ErrorBody = Schema.Struct({
  status_code: Schema.Int,
  detail: Schema.String,
  extra: Schema.optional(Schema.Union(Schema.Null, JsonObject, Schema.Array(Schema.Unknown)))
}).annotations({ identifier: "ErrorBody" })

/**
 * @since 0.1.0
 * @category wire
 */
export interface ErrorBody extends Schema.Schema.Type<typeof ErrorBody> {}

/**
 * One entry of a Validation Exception's `extra` list, as the server sends it.
 *
 * @since 0.1.0
 * @category wire
 */
export const ValidationIssue = Schema.Struct({
  message: Schema.String,
  key: Schema.String,
  source: Schema.String
}).annotations({ identifier: "ValidationIssue" })

/**
 * @since 0.1.0
 * @category wire
 */
export interface ValidationIssue extends Schema.Schema.Type<typeof ValidationIssue> {}

/**
 * `job_id` (path of `GetJob`): an integer >= 0.
 *
 * @since 0.3.0
 * @category parameters
 */
export const JobId = Schema.Int.pipe(
  Schema.greaterThanOrEqualTo(0),
  Schema.annotations({ identifier: "JobId", description: "Job ID, an integer >= 0" })
)

/**
 * The statuses the spec names for a job: `processing` until it ends in `success`, `failure` or `error`. A
 * server may add others; the client reads any string and treats a status it does not know as still running.
 *
 * @since 0.3.0
 * @category models
 */
export type JobStatus = Models.JobStatus

/**
 * A job as it travels on the wire (`JobSchema`).
 *
 * @since 0.3.0
 * @category wire
 */
export const JobSchema = Schema.Struct({
  id: JobId,
  status: Schema.String,
  response: Schema.optionalWith(Schema.Unknown, { default: () => null }),
  created_at: Schema.String,
  last_updated_at: Schema.String,
  path: Schema.String,
  operation: Schema.String
}).annotations({ identifier: "JobSchema" })

/**
 * The body of `GET /jobs/{job_id}` (`JobResponse`).
 *
 * @since 0.3.0
 * @category wire
 */
export const JobResponse = Schema.Struct({ job: JobSchema }).annotations({ identifier: "JobResponse" })

/**
 * A job as this library returns it: camelCase fields. `response` holds what the job produced (for a create,
 * the connection); `createdAt` and `lastUpdatedAt` are the server's date-time text, as sent.
 *
 * @since 0.3.0
 * @category models
 */
export interface Job extends Models.Job {}

/**
 * Decodes the body of `GET /jobs/{job_id}` into a {@link Job}.
 *
 * @since 0.3.0
 * @category wire
 */
export const JobFromResponse: Schema.Schema<Job, typeof JobResponse.Encoded> = Schema.transform(
  JobResponse,
  Schema.Struct({
    id: Schema.Number,
    status: Schema.String,
    response: Schema.Unknown,
    createdAt: Schema.String,
    lastUpdatedAt: Schema.String,
    path: Schema.String,
    operation: Schema.String
  }),
  {
    strict: true,
    decode: jobFromWire,
    encode: jobToWire
  }
).annotations({ identifier: "JobFromResponse" })
