/**
 * The snake_case bodies of the wire as effect 3's schemas decode them into this library's values (the list, a job,
 * create's 202), and where a schema refused a body, by path and kind, never a value (`core/answer.ts` words it).
 *
 * @internal
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { BodySchema, Decoded, IssueKind } from "../../core/answer.js"
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
    Schema.Struct({ connection_key: Schema.String.pipe(Schema.minLength(1)), connection_config: JsonObject })
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
const CreateAccepted = Schema.Union(
  Schema.transform(
    Schema.Struct({ access_token: Schema.String, pending_id: Schema.String, picker_api_key: Schema.String }),
    Schema.typeSchema(CreateOAuthExchange),
    {
      strict: true,
      decode: (wire) => oauthExchangeFromWire(wire, Redacted.make),
      encode: (exchange) => oauthExchangeToWire(exchange, Redacted.value)
    }
  ),
  Schema.transform(
    Schema.compose(JsonObject.pipe(Schema.filter((body) => partialOAuthProblem(body) ?? true)), ObjectJobSchema, {
      strict: false
    }),
    Schema.typeSchema(CreateJob),
    { strict: true, decode: createJobFromWire, encode: createJobToWire }
  )
)

/** `JobResponse`: `{job: {id, status, response?, created_at, last_updated_at, path, operation}}`. */
const JobResponse = Schema.Struct({
  job: Schema.Struct({
    id: Schema.Int.pipe(Schema.greaterThanOrEqualTo(0)),
    status: Schema.String,
    response: Schema.optional(Schema.Unknown),
    created_at: Schema.String,
    last_updated_at: Schema.String,
    path: Schema.String,
    operation: Schema.String
  })
})

/** A job's answer, as a `Job`. */
const JobFromResponse = Schema.transform(JobResponse, Job, { strict: true, decode: jobFromWire, encode: jobToWire })

const options = { errors: "first", onExcessProperty: "ignore" } as const

const decoders: Readonly<Record<BodySchema, (json: unknown) => Either.Either<unknown, ParseResult.ParseError>>> = {
  list: (json) => Either.map(Schema.decodeUnknownEither(ListConnectionsSchema, options)(json), toConnectionList),
  accepted: Schema.decodeUnknownEither(CreateAccepted, options),
  job: Schema.decodeUnknownEither(JobFromResponse, options)
}

/** The kind of each of effect 3's issues, as `core/answer.ts` words them. */
const kinds: Readonly<Record<ParseResult.ArrayFormatterIssue["_tag"], IssueKind>> = {
  Missing: "missing",
  Type: "type",
  Unexpected: "unexpected",
  Refinement: "value",
  Transformation: "value",
  Composite: "shape",
  Forbidden: "other",
  Pointer: "other"
}

/** Decodes a body with the schema a reading names (`core/answer.ts`). */
export const decode = (schema: BodySchema, json: unknown): Decoded => {
  const decoded = decoders[schema](json)
  if (Either.isRight(decoded)) return { ok: true, value: decoded.right }
  const issues = ParseResult.ArrayFormatter.formatErrorSync(decoded.left).map((issue) => ({
    path: issue.path,
    kind: kinds[issue._tag]
  }))
  return { ok: false, issues }
}
