/**
 * The snake_case bodies of the wire as effect 4's schemas decode them into this library's values (the list, a job,
 * create's 202), and where a schema refused a body, by path and kind, never a value (`core/answer.ts` words it).
 *
 * @internal
 */
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as SchemaIssue from "effect/SchemaIssue"
import * as SchemaTransformation from "effect/SchemaTransformation"
import type { BodyIssue, BodySchema, Decoded } from "../../core/answer.js"
import { partialOAuthProblem } from "../../core/jobs.js"
import { toConnectionList } from "../../core/list.js"
import {
  createJobFromWire,
  createJobToWire,
  jobFromWire,
  jobToWire,
  oauthExchangeFromWire,
  oauthExchangeToWire
} from "../../core/models.js"
import { CreateJob, CreateOAuthExchange, Job, JsonObject } from "../Schemas.js"

/** `ListConnectionsSchema`: `{connections: [{connection_key, connection_config}]}`. */
const ListConnectionsSchema = Schema.Struct({
  connections: Schema.Array(
    Schema.Struct({ connection_key: Schema.String.check(Schema.isMinLength(1)), connection_config: JsonObject })
  )
})

/** A job create's 202 names (`ObjectJobSchema`): every field may be missing or `null`. */
const ObjectJobSchema = Schema.Struct({
  status_code: Schema.optional(Schema.NullOr(Schema.Int)),
  job_id: Schema.optional(Schema.NullOr(Schema.Int)),
  failure_reason: Schema.optional(Schema.NullOr(Schema.String))
})

/**
 * Create's 202: an OAuth exchange when it has its three fields, else a job without any of them (the spec's `oneOf`
 * overlaps: every exchange also matches the job schema, whose fields are optional).
 */
const CreateAccepted = Schema.Union([
  Schema.Struct({ access_token: Schema.String, pending_id: Schema.String, picker_api_key: Schema.String }).pipe(
    Schema.decodeTo(
      Schema.toType(CreateOAuthExchange),
      SchemaTransformation.transform({
        decode: (wire) => oauthExchangeFromWire(wire, Redacted.make),
        encode: (exchange) => oauthExchangeToWire(exchange, Redacted.value)
      })
    )
  ),
  JsonObject.check(Schema.makeFilter((body: { readonly [key: string]: unknown }) => partialOAuthProblem(body))).pipe(
    Schema.decodeTo(ObjectJobSchema),
    Schema.decodeTo(
      Schema.toType(CreateJob),
      SchemaTransformation.transform({ decode: createJobFromWire, encode: createJobToWire })
    )
  )
])

/** `JobResponse`: `{job: {id, status, response?, created_at, last_updated_at, path, operation}}`. */
const JobResponse = Schema.Struct({
  job: Schema.Struct({
    id: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
    status: Schema.String,
    response: Schema.optional(Schema.Unknown),
    created_at: Schema.String,
    last_updated_at: Schema.String,
    path: Schema.String,
    operation: Schema.String
  })
})

/** A job's answer, as a `Job`. */
const JobFromResponse = JobResponse.pipe(
  Schema.decodeTo(
    Job,
    SchemaTransformation.transform<typeof Job.Type, typeof JobResponse.Type>({ decode: jobFromWire, encode: jobToWire })
  )
)

const options = { errors: "first", onExcessProperty: "ignore" } as const

const decoders: Readonly<Record<BodySchema, (json: unknown) => Result.Result<unknown, Schema.SchemaError>>> = {
  list: (json) => Result.map(Schema.decodeUnknownResult(ListConnectionsSchema, options)(json), toConnectionList),
  accepted: Schema.decodeUnknownResult(CreateAccepted, options),
  job: Schema.decodeUnknownResult(JobFromResponse, options)
}

/** Where a schema refused a body, and how: a walk of effect 4's issue tree, keeping paths and kinds only. */
const issuesOf = (issue: SchemaIssue.Issue, path: ReadonlyArray<PropertyKey>, issues: Array<BodyIssue>): void => {
  switch (issue._tag) {
    case "Pointer":
      return issuesOf(issue.issue, [...path, ...issue.path], issues)
    case "Composite":
      return issue.issues.forEach((inner) => issuesOf(inner, path, issues))
    case "AnyOf":
      // no member's issues: the value is of none of the members' types (`NullOr(Int)` given a string)
      if (issue.issues.length === 0) issues.push({ path, kind: "type" })
      return issue.issues.forEach((inner) => issuesOf(inner, path, issues))
    case "Encoding":
      return issuesOf(issue.issue, path, issues)
    case "Filter":
    case "InvalidValue":
      return void issues.push({ path, kind: "value" })
    case "MissingKey":
      return void issues.push({ path, kind: "missing" })
    case "UnexpectedKey":
      return void issues.push({ path, kind: "unexpected" })
    case "InvalidType":
      return void issues.push({ path, kind: "type" })
    case "OneOf":
      return void issues.push({ path, kind: "shape" })
    case "Forbidden":
      return void issues.push({ path, kind: "other" })
  }
}

/** Decodes a body with the schema a reading names (`core/answer.ts`). */
export const decode = (schema: BodySchema, json: unknown): Decoded => {
  const decoded = decoders[schema](json)
  if (Result.isSuccess(decoded)) return { ok: true, value: decoded.success }
  const issues: Array<BodyIssue> = []
  issuesOf(decoded.failure.issue, [], issues)
  return { ok: false, issues }
}
