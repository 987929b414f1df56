/**
 * Schemas of the Connections API on effect 4: the parameters a caller passes, the bodies that cross the wire and
 * the camelCase shapes this library returns. The rules they check are those of `core/` (the same functions the
 * client's request builder and the Effect 3 entry's schemas use), not restated here.
 *
 * Wire bodies are snake_case (`connection_key`); the TypeScript side is camelCase (`connectionKey`), derived
 * from the wire schemas with `Schema.encodeKeys`.
 *
 * @since 0.5.0
 */
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as SchemaTransformation from "effect/SchemaTransformation"
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
 * @since 0.5.0
 * @category parameters
 */
export const WorkspaceId = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)).annotate({
  identifier: "WorkspaceId",
  description: "Workspace ID, an integer >= 1"
})

/**
 * `project_id`: an integer >= 1.
 *
 * @since 0.5.0
 * @category parameters
 */
export const ProjectId = Schema.Int.check(Schema.isGreaterThanOrEqualTo(1)).annotate({
  identifier: "ProjectId",
  description: "Project ID, an integer >= 1"
})

/**
 * `connector_key`: the encoded key of a connector (for example base64 `cG9zdGdyZXM=`), non-empty.
 *
 * @since 0.5.0
 * @category parameters
 */
export const ConnectorKey = Schema.String.check(Schema.makeFilter((s: string) => connectorKeyProblem(s))).annotate({
  identifier: "ConnectorKey",
  description: "Encoded key of the connector, non-empty"
})

/**
 * `connection_key`: the key of a connection, 1 to 100 characters.
 *
 * @since 0.5.0
 * @category parameters
 */
export const ConnectionKey = Schema.String.check(Schema.makeFilter((s: string) => connectionKeyProblem(s))).annotate({
  identifier: "ConnectionKey",
  description: "Key of the connection, 1 to 100 characters"
})

/**
 * `concern` (query of get): `profiles` or `ds_config_spec`.
 *
 * @since 0.5.0
 * @category parameters
 */
export const Concern = Schema.Literals(concerns).annotate({ identifier: "Concern" })

/**
 * @since 0.5.0
 * @category parameters
 */
export type Concern = typeof Concern.Type

/**
 * `job_id` (path of `GetJob`): an integer >= 0.
 *
 * @since 0.5.0
 * @category parameters
 */
export const JobId = Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)).annotate({
  identifier: "JobId",
  description: "Job ID, an integer >= 0"
})

/**
 * A JSON object of any content (`type: object` in the spec), as a connection's configuration is.
 *
 * @since 0.5.0
 * @category bodies
 */
export const JsonObject = Schema.Record(Schema.String, Schema.Unknown).annotate({ identifier: "JsonObject" })

/**
 * One operation of an update (`ConnectionPatchOp`): replace the connection's configuration.
 *
 * @since 0.5.0
 * @category bodies
 */
export const ConnectionPatchOp = Schema.Struct({
  op: Schema.Literal("replace"),
  path: Schema.Literal("connection"),
  value: JsonObject
}).annotate({ identifier: "ConnectionPatchOp" })

/**
 * @since 0.5.0
 * @category bodies
 */
export interface ConnectionPatchOp extends Schema.Schema.Type<typeof ConnectionPatchOp> {}

/**
 * The body of an update on the wire (`ConnectionPatchRequest`).
 *
 * @since 0.5.0
 * @category wire
 */
export const ConnectionPatchRequest = Schema.Struct({
  patch: Schema.Array(ConnectionPatchOp)
}).annotate({ identifier: "ConnectionPatchRequest" })

const connectionKeyOnWire = Schema.String.check(Schema.isMinLength(1))

/**
 * One connection as it travels on the wire (`GetConnectionSchema` in the spec).
 *
 * @since 0.5.0
 * @category wire
 */
export const GetConnectionSchema = Schema.Struct({
  connection_key: connectionKeyOnWire,
  connection_config: JsonObject
}).annotate({ identifier: "GetConnectionSchema" })

/**
 * The body of a successful list, as it travels on the wire (`ListConnectionsSchema` in the spec).
 *
 * @since 0.5.0
 * @category wire
 */
export const ListConnectionsSchema = Schema.Struct({
  connections: Schema.Array(GetConnectionSchema)
}).annotate({ identifier: "ListConnectionsSchema" })

/**
 * One connection as this library returns it: camelCase fields, decoded from {@link GetConnectionSchema}'s wire
 * names.
 *
 * @since 0.5.0
 * @category models
 */
export const Connection = Schema.Struct({
  connectionKey: connectionKeyOnWire,
  connectionConfig: JsonObject
}).pipe(
  Schema.encodeKeys({ connectionKey: "connection_key", connectionConfig: "connection_config" })
).annotate({ identifier: "Connection" })

/**
 * @since 0.5.0
 * @category models
 */
export interface Connection extends Schema.Schema.Type<typeof Connection> {}

/**
 * The result of `connections.list`: `{ connections }` with camelCase fields.
 *
 * @since 0.5.0
 * @category models
 */
export const ConnectionList = Schema.Struct({
  connections: Schema.Array(Connection)
}).annotate({ identifier: "ConnectionList" })

/**
 * @since 0.5.0
 * @category models
 */
export interface ConnectionList extends Schema.Schema.Type<typeof ConnectionList> {}

/**
 * A job that a 202 answer of create started, as it travels on the wire (`ObjectJobSchema`): every field may be
 * missing or `null`.
 *
 * @since 0.5.0
 * @category wire
 */
export const ObjectJobSchema = Schema.Struct({
  status_code: Schema.optional(Schema.NullOr(Schema.Int)),
  job_id: Schema.optional(Schema.NullOr(Schema.Int)),
  failure_reason: Schema.optional(Schema.NullOr(Schema.String))
}).annotate({ identifier: "ObjectJobSchema" })

/**
 * An OAuth token exchange that a 202 answer of create starts, as it travels on the wire
 * (`OauthTokenExchangeResponse`): a person finishes it in a browser.
 *
 * @since 0.5.0
 * @category wire
 */
export const OauthTokenExchangeResponse = Schema.Struct({
  access_token: Schema.String,
  pending_id: Schema.String,
  picker_api_key: Schema.String
}).annotate({ identifier: "OauthTokenExchangeResponse" })

/**
 * Create was accepted and a job carries it out off-line (a 202 without the OAuth fields): await the job
 * (`jobId`) to learn the outcome. `jobId` is `null` when the server names no job.
 *
 * @since 0.5.0
 * @category models
 */
export const CreateJob = Schema.TaggedStruct("Job", {
  jobId: Schema.NullOr(Schema.Int),
  statusCode: Schema.NullOr(Schema.Int),
  failureReason: Schema.NullOr(Schema.String)
}).annotate({ identifier: "CreateJob" })

/**
 * @since 0.5.0
 * @category models
 */
export interface CreateJob extends Schema.Schema.Type<typeof CreateJob> {}

/**
 * Create was accepted and waits for a person to finish an OAuth exchange in a browser. The token and the key are
 * credentials: `Redacted`, so no `String`, `JSON.stringify`, `util.inspect` or log shows them.
 *
 * @since 0.5.0
 * @category models
 */
export const CreateOAuthExchange = Schema.TaggedStruct("OAuthExchange", {
  pendingId: Schema.String,
  accessToken: Schema.Redacted(Schema.String),
  pickerApiKey: Schema.Redacted(Schema.String)
}).annotate({ identifier: "CreateOAuthExchange" })

/**
 * @since 0.5.0
 * @category models
 */
export interface CreateOAuthExchange extends Schema.Schema.Type<typeof CreateOAuthExchange> {}

/**
 * The connection was created before the answer (a 201, as servers of the reference contract answer, or any other
 * 2xx with JSON): `body` is the server's JSON (`null` for an empty body).
 *
 * @since 0.5.0
 * @category models
 */
export const CreateCreated = Schema.TaggedStruct("Created", {
  body: Schema.Unknown
}).annotate({ identifier: "CreateCreated" })

/**
 * @since 0.5.0
 * @category models
 */
export interface CreateCreated extends Schema.Schema.Type<typeof CreateCreated> {}

/**
 * What `connections.create` returns, by its `_tag`: `Job` (202: processing goes on off-line), `OAuthExchange`
 * (202: a person must finish it in a browser) or `Created` (201, as older servers answer).
 *
 * @since 0.5.0
 * @category models
 */
export const CreateConnectionResult = Schema.Union([CreateJob, CreateOAuthExchange, CreateCreated]).annotate({
  identifier: "CreateConnectionResult"
})

/**
 * @since 0.5.0
 * @category models
 */
export type CreateConnectionResult = typeof CreateConnectionResult.Type

/**
 * A 202 body of create, decoded: an OAuth exchange when it has the three OAuth fields, else a job. A body with
 * some of the OAuth fields but not a valid exchange is neither (`core/jobs.ts`'s `hasOAuthFields`), rather than
 * a job with every field `null`.
 *
 * @since 0.5.0
 * @category wire
 */
export const CreateAccepted = Schema.Union([
  OauthTokenExchangeResponse.pipe(Schema.decodeTo(
    Schema.toType(CreateOAuthExchange),
    SchemaTransformation.transform({
      decode: (wire) => oauthExchangeFromWire(wire, Redacted.make),
      encode: (exchange) => oauthExchangeToWire(exchange, Redacted.value)
    })
  )),
  JsonObject.check(Schema.makeFilter((body: { readonly [key: string]: unknown }) => partialOAuthProblem(body))).pipe(
    Schema.decodeTo(ObjectJobSchema),
    Schema.decodeTo(
      Schema.toType(CreateJob),
      SchemaTransformation.transform({ decode: createJobFromWire, encode: createJobToWire })
    )
  )
]).annotate({ identifier: "CreateAccepted" })

/**
 * The body of every 400, 401 and 403 answer: `{status_code, detail, extra}`. The server's validation errors carry
 * `extra` as a list of `{message, key, source}`; its other client errors carry an object or null.
 *
 * @since 0.5.0
 * @category wire
 */
export const ErrorBody = Schema.Struct({
  status_code: Schema.Int,
  detail: Schema.String,
  extra: Schema.optional(Schema.Union([Schema.Null, JsonObject, Schema.Array(Schema.Unknown)]))
}).annotate({ identifier: "ErrorBody" })

/**
 * @since 0.5.0
 * @category wire
 */
export interface ErrorBody extends Schema.Schema.Type<typeof ErrorBody> {}

/**
 * One entry of a Validation Exception's `extra` list, as the server sends it.
 *
 * @since 0.5.0
 * @category wire
 */
export const ValidationIssue = Schema.Struct({
  message: Schema.String,
  key: Schema.String,
  source: Schema.String
}).annotate({ identifier: "ValidationIssue" })

/**
 * @since 0.5.0
 * @category wire
 */
export interface ValidationIssue extends Schema.Schema.Type<typeof ValidationIssue> {}

/**
 * The statuses the spec names for a job: `processing` until it ends in `success`, `failure` or `error`. A server
 * may add others; the client reads any string and treats a status it does not know as still running.
 *
 * @since 0.5.0
 * @category models
 */
export type JobStatus = Models.JobStatus

/**
 * A job as it travels on the wire (`JobSchema`). A missing `response` reads `null`.
 *
 * @since 0.5.0
 * @category wire
 */
export const JobSchema = Schema.Struct({
  id: JobId,
  status: Schema.String,
  response: Schema.optional(Schema.Unknown),
  created_at: Schema.String,
  last_updated_at: Schema.String,
  path: Schema.String,
  operation: Schema.String
}).annotate({ identifier: "JobSchema" })

/**
 * The body of `GET /jobs/{job_id}` (`JobResponse`).
 *
 * @since 0.5.0
 * @category wire
 */
export const JobResponse = Schema.Struct({ job: JobSchema }).annotate({ identifier: "JobResponse" })

/**
 * A job as this library returns it: camelCase fields. `response` holds what the job produced (for a create, the
 * connection); `createdAt` and `lastUpdatedAt` are the server's date-time text, as sent.
 *
 * @since 0.5.0
 * @category models
 */
export interface Job extends Models.Job {}

const JobModel = Schema.Struct({
  id: Schema.Number,
  status: Schema.String,
  response: Schema.Unknown,
  createdAt: Schema.String,
  lastUpdatedAt: Schema.String,
  path: Schema.String,
  operation: Schema.String
})

/**
 * Decodes the body of `GET /jobs/{job_id}` into a {@link Job}.
 *
 * @since 0.5.0
 * @category wire
 */
export const JobFromResponse: Schema.Codec<Job, typeof JobResponse.Encoded> = JobResponse.pipe(
  Schema.decodeTo(
    JobModel,
    SchemaTransformation.transform<Job, typeof JobResponse.Type>({ decode: jobFromWire, encode: jobToWire })
  )
).annotate({ identifier: "JobFromResponse" })
