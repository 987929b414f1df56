/**
 * Where an operation's request is built: input validation, percent-encoded path, query and JSON body.
 * Everything here happens before anything is sent; every refusal is a `MammothAnalyticsInvalidRequestError`.
 *
 * @internal
 */
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import type { Operation, Param } from "../ConnectionsApi.js"
import { encodeSegment, loneSurrogate } from "../core/encoding.js"
import { stringifyJson } from "../core/json.js"
import { MammothAnalyticsInvalidRequestError } from "../Errors.js"

/** What the sending side needs to know of a request: method, URL relative to the server URL, JSON body. */
export interface PreparedRequest {
  readonly method: Operation<any, any>["method"]
  readonly path: string
  readonly body: string | undefined
  /** The input's `workspaceId`, validated: with a key and secret it is also sent as `X-WORKSPACE-ID`. */
  readonly workspaceId: number | undefined
}

/** Fields whose values may be secrets (connection configurations): an error names the field only. */
const opaqueFields: ReadonlySet<string> = new Set(["requestBody", "patch"])

const formatIssues = (error: ParseResult.ParseError): string =>
  ParseResult.ArrayFormatter.formatErrorSync(error)
    .slice(0, 5)
    .map((issue) => {
      const path = issue.path.map(String).join(".")
      const head = issue.path[0]
      if (typeof head === "string" && opaqueFields.has(head)) return `${path}: is not of the expected shape`
      const message = issue.message.length > 200 ? `${issue.message.slice(0, 200)}...` : issue.message
      // at the top the input itself is wrong (a string, say): its text may hold the body, so it is not quoted
      return path === "" ? "the input must be an object of the operation's fields" : `${path}: ${message}`
    })
    .join("; ")

/**
 * A compiled request builder for one operation: validates the input against the operation's schema and
 * writes path, query and body. Compiled once per operation, run once per call.
 */
export const makeRequestBuilder = <I>(operation: Operation<I, any>) => {
  const validate = Schema.validateEither(operation.input, { errors: "all", onExcessProperty: "ignore" })
  const segments = compilePath(operation)
  const query = operation.params
    .filter((p) => p.in === "query")
    .map((p) => ({ param: p, encode: Schema.encodeSync(p.schema) }))
  const body = operation.body
  const build = (input: I): Either.Either<PreparedRequest, MammothAnalyticsInvalidRequestError> => {
    const valid = validate(input)
    if (Either.isLeft(valid)) {
      return Either.left(
        new MammothAnalyticsInvalidRequestError({ operation: operation.id, reason: formatIssues(valid.left) })
      )
    }
    const fields = valid.right as Record<string, unknown>
    let path = ""
    for (const segment of segments) {
      if (typeof segment === "string") {
        path += segment
        continue
      }
      const text = segment.encode(fields[segment.param.field])
      if (loneSurrogate.test(text)) return Either.left(notUnicode(operation.id, segment.param.field))
      path += encodeSegment(text)
    }
    let separator = "?"
    for (const { encode, param } of query) {
      const value = fields[param.field]
      if (value === undefined || value === null) continue
      const text = encode(value)
      if (loneSurrogate.test(text)) return Either.left(notUnicode(operation.id, param.field))
      path += `${separator}${param.wire}=${encodeURIComponent(text)}`
      separator = "&"
    }
    const workspaceId = typeof fields.workspaceId === "number" ? fields.workspaceId : undefined
    if (body === undefined) return Either.right({ method: operation.method, path, body: undefined, workspaceId })
    // the caller's value, not the validated copy: validation rebuilds records, and an own "__proto__" key
    // (as JSON.parse makes one) would be silently dropped from the copy
    const json = stringifyJson(body.toWire((input as Record<string, unknown>)[body.field]))
    if (!json.ok) {
      return Either.left(new MammothAnalyticsInvalidRequestError({ operation: operation.id, reason: json.reason }))
    }
    return Either.right({ method: operation.method, path, body: json.json, workspaceId })
  }
  return (input: I): Either.Either<PreparedRequest, MammothAnalyticsInvalidRequestError> => {
    try {
      return build(input)
    } catch {
      // the input is the caller's object: a getter or a Proxy trap of theirs may throw while it is read
      return Either.left(
        new MammothAnalyticsInvalidRequestError({
          operation: operation.id,
          reason: "the input could not be read: reading one of its fields threw"
        })
      )
    }
  }
}

const notUnicode = (operation: Operation<any, any>["id"], field: string) =>
  new MammothAnalyticsInvalidRequestError({
    operation,
    reason: `${field}: is not well-formed Unicode (it holds a lone surrogate)`
  })

type Segment = string | { readonly param: Param; readonly encode: (value: unknown) => string }

/** Splits the spec's path template into literal text and parameters. */
const compilePath = (operation: Operation<any, any>): ReadonlyArray<Segment> => {
  const byWire = new Map(operation.params.filter((p) => p.in === "path").map((p) => [p.wire, p]))
  return operation.path.split(/(\{[a-z_]+\})/).filter((s) => s !== "").map((part): Segment => {
    const name = /^\{([a-z_]+)\}$/.exec(part)?.[1]
    if (name === undefined) return part
    const param = byWire.get(name)
    if (param === undefined) throw new Error(`${operation.id}: path parameter {${name}} is not described`)
    return { param, encode: Schema.encodeSync(param.schema) }
  })
}
