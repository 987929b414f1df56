/**
 * The input refusal rules and the request they build, for both Effect lines: which values each parameter and
 * body accepts (from the operation descriptions of `operations.ts`), how a parameter is written on the wire
 * and read back from it (the fake reads with the same rules the client writes with), and the method, path,
 * query and JSON body of a call. Every refusal is a reason the caller can read, that never quotes a body value
 * (a connection's configuration holds passwords).
 *
 * @internal
 */
import { encodeSegment, loneSurrogate } from "./encoding.js"
import { stringifyJson } from "./json.js"
import type { BodySpec, OperationSpec, Param, ParamType } from "./operations.js"
import { concerns } from "./operations.js"

/** Counts Unicode code points, as JSON Schema's `minLength`/`maxLength` do (UTF-16 `length` would not). */
export const codePoints = (s: string): number => {
  let n = 0
  for (const _ of s) n++
  return n
}

/**
 * Why a string cannot be a path segment: `.` and `..` are read as "this directory" and "parent directory" by
 * every URL parser (even percent-encoded as `%2E%2E`), so a key equal to either cannot be addressed.
 */
export const notAddressable = (s: string): string | undefined =>
  s === "." || s === ".." ? "must not be \".\" or \"..\": no URL can address such a path segment" : undefined

/** Why a connector key is refused, or `undefined`: non-empty, addressable. */
export const connectorKeyProblem = (s: string): string | undefined =>
  s.length === 0 ? "must not be empty" : notAddressable(s)

/** Why a connection key is refused, or `undefined`: 1 to 100 code points, addressable. */
export const connectionKeyProblem = (s: string): string | undefined => {
  const n = codePoints(s)
  return n >= 1 && n <= 100 ? notAddressable(s) : `must be 1 to 100 characters long, got ${n}`
}

/**
 * Why an optional string query parameter (`profile`, `browse_root`) is refused, or `undefined`: the spec declares
 * each `allowEmptyValue: false`, so `?profile=` is not a value. Leave it out (or `null`) to send nothing.
 */
export const textProblem = (s: string): string | undefined => (s.length === 0 ? "must not be empty" : undefined)

/** Why an integer parameter is refused, or `undefined`: a safe integer >= `minimum`. */
export const integerProblem = (n: number, minimum: number): string | undefined =>
  Number.isSafeInteger(n) && n >= minimum ? undefined : `must be an integer >= ${minimum}`

const show = (value: unknown): string => {
  if (typeof value === "string") return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}...` : value)
  if (typeof value === "number" || typeof value === "boolean" || value === null || value === undefined) {
    return String(value)
  }
  return Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : `a ${typeof value}`
}

/** Why a value of a parameter's type is refused, or `undefined`. The message may quote the value. */
export const valueProblem = (type: ParamType, value: unknown): string | undefined => {
  switch (type.kind) {
    case "integer": {
      const problem = typeof value === "number"
        ? integerProblem(value, type.minimum)
        : `must be an integer >= ${type.minimum}`
      return problem === undefined ? undefined : `${problem}, got ${show(value)}`
    }
    case "connectorKey":
      return typeof value === "string" ? connectorKeyProblem(value) : `must be a string, got ${show(value)}`
    case "connectionKey":
      return typeof value === "string" ? connectionKeyProblem(value) : `must be a string, got ${show(value)}`
    case "concern":
      return (concerns as ReadonlyArray<unknown>).includes(value)
        ? undefined
        : `must be ${concerns.map((c) => JSON.stringify(c)).join(" or ")}, got ${show(value)}`
    case "boolean":
      return typeof value === "boolean" ? undefined : `must be true or false, got ${show(value)}`
    case "text":
      return typeof value === "string" ? textProblem(value) : `must be a string, got ${show(value)}`
  }
}

/** A parameter's value as wire text. The value must have passed `valueProblem`. */
export const writeParam = (type: ParamType, value: unknown): string =>
  type.kind === "boolean" ? (value ? "true" : "false") : String(value)

// up to 16 digits: every safe integer (Number.MAX_SAFE_INTEGER has 16); the rule then refuses unsafe ones
const decimalInteger = /^[0-9]{1,16}$/

/** A parameter's wire text (already percent-decoded) read back into its value, or why it is refused. */
export const readParam = (
  type: ParamType,
  text: string
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string } => {
  let value: unknown = text
  if (type.kind === "integer") {
    if (!decimalInteger.test(text)) return { ok: false, message: `must be an integer >= ${type.minimum}` }
    value = Number(text)
  } else if (type.kind === "boolean") {
    if (text !== "true" && text !== "false") return { ok: false, message: "must be true or false" }
    value = text === "true"
  }
  const problem = valueProblem(type, value)
  return problem === undefined ? { ok: true, value } : { ok: false, message: problem }
}

const isPlainObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** One refused part of a body: its key (`patch.0.op`), never its value. */
export interface BodyIssue {
  readonly key: string
  readonly message: string
}

/**
 * Why a body value is refused, as the keys of its wrong parts (`requestBody`, `patch.0.value`), or an empty
 * list. `prefix` names the body in the keys: the input field on the client, the wire name on the fake.
 * `wrapped`: an update's value is the whole wire body `{"patch": [...]}` (the fake), not the list (the client).
 */
export const bodyIssues = (
  body: BodySpec,
  value: unknown,
  prefix: string,
  wrapped = false
): ReadonlyArray<BodyIssue> => {
  if (body.kind === "object") {
    return isPlainObject(value)
      ? []
      : [{ key: prefix, message: value === undefined ? "is missing" : "must be an object" }]
  }
  let list = value
  let at = prefix
  if (wrapped) {
    if (!isPlainObject(value)) return [{ key: prefix, message: "must be an object with a patch list" }]
    list = value["patch"]
    at = prefix === "" ? "patch" : `${prefix}.patch`
  }
  if (!Array.isArray(list)) return [{ key: at, message: list === undefined ? "is missing" : "must be a list" }]
  const issues: Array<BodyIssue> = []
  list.forEach((op: unknown, i) => {
    const key = `${at}.${i}`
    if (!isPlainObject(op)) {
      issues.push({ key, message: "must be an object" })
      return
    }
    if (op["op"] !== "replace") issues.push({ key: `${key}.op`, message: "must be \"replace\"" })
    if (op["path"] !== "connection") issues.push({ key: `${key}.path`, message: "must be \"connection\"" })
    if (!isPlainObject(op["value"])) issues.push({ key: `${key}.value`, message: "must be an object" })
  })
  return issues
}

/** Why the value of one input field is refused, or `undefined`: absence, null, then the parameter's rule. */
const paramProblem = (param: Param, fields: Readonly<Record<string, unknown>>): string | undefined => {
  const value = fields[param.field]
  if (value === undefined) return param.optional ? undefined : "is missing"
  if (value === null) return param.nullable ? undefined : `must not be null`
  return valueProblem(param.type, value)
}

/** The problems of an input, at most five, as `field: message` texts joined by `; `, or `undefined`. */
export const inputProblem = <I>(operation: OperationSpec<I>, input: unknown): string | undefined => {
  // at the top the input itself is wrong (a string, say): its text may hold the body, so it is not quoted
  if (!isPlainObject(input)) return "the input must be an object of the operation's fields"
  const problems: Array<string> = []
  for (const param of operation.params) {
    const problem = paramProblem(param, input)
    if (problem !== undefined) problems.push(`${param.field}: ${problem}`)
  }
  if (operation.body !== undefined) {
    for (const issue of bodyIssues(operation.body, input[operation.body.field], operation.body.field)) {
      // the messages name what is accepted (`must be "replace"`), never the value given (it may hold a password)
      problems.push(`${issue.key}: ${issue.message}`)
    }
  }
  return problems.length === 0 ? undefined : problems.slice(0, 5).join("; ")
}

/** What the sending side needs of a call: method, URL relative to the server URL, JSON body, workspace. */
export interface PreparedRequest {
  readonly method: OperationSpec<unknown>["method"]
  readonly path: string
  readonly body: string | undefined
  /** The input's `workspaceId`: with a key and secret it is also sent as `X-WORKSPACE-ID`. */
  readonly workspaceId: number | undefined
}

/** A prepared request, or why the input is refused (nothing may then be sent). */
export type Prepared =
  | { readonly ok: true; readonly request: PreparedRequest }
  | { readonly ok: false; readonly reason: string }

type Segment = string | Param

/** Splits an operation's path template into literal text and its path parameters. */
export const pathSegments = (operation: OperationSpec<any>): ReadonlyArray<Segment> => {
  const byWire = new Map(operation.params.filter((p) => p.in === "path").map((p) => [p.wire, p]))
  return operation.path.split(/(\{[a-z_]+\})/).filter((s) => s !== "").map((part): Segment => {
    const name = /^\{([a-z_]+)\}$/.exec(part)?.[1]
    if (name === undefined) return part
    const param = byWire.get(name)
    if (param === undefined) throw new Error(`${operation.id}: path parameter {${name}} is not described`)
    return param
  })
}

const notUnicode = (field: string): Prepared => ({
  ok: false,
  reason: `${field}: is not well-formed Unicode (it holds a lone surrogate)`
})

/**
 * A compiled request builder for one operation: checks the input against the operation's rules and writes
 * path, query and body. Compiled once per operation, run once per call; it never throws (a getter or a Proxy
 * trap of the caller's may, while the input is read: that is a refusal too).
 */
export const makeRequestBuilder = <I>(operation: OperationSpec<I>) => {
  const segments = pathSegments(operation)
  const query = operation.params.filter((p) => p.in === "query")
  const body = operation.body
  const build = (input: unknown): Prepared => {
    const problem = inputProblem(operation, input)
    if (problem !== undefined) return { ok: false, reason: problem }
    const fields = input as Readonly<Record<string, unknown>>
    let path = ""
    for (const segment of segments) {
      if (typeof segment === "string") {
        path += segment
        continue
      }
      const text = writeParam(segment.type, fields[segment.field])
      if (loneSurrogate.test(text)) return notUnicode(segment.field)
      path += encodeSegment(text)
    }
    let separator = "?"
    for (const param of query) {
      const value = fields[param.field]
      if (value === undefined || value === null) continue
      const text = writeParam(param.type, value)
      if (loneSurrogate.test(text)) return notUnicode(param.field)
      path += `${separator}${param.wire}=${encodeURIComponent(text)}`
      separator = "&"
    }
    const workspaceId = typeof fields["workspaceId"] === "number" ? fields["workspaceId"] : undefined
    if (body === undefined) {
      return { ok: true, request: { method: operation.method, path, body: undefined, workspaceId } }
    }
    const value = fields[body.field]
    const json = stringifyJson(body.kind === "patch" ? { patch: value } : value)
    if (!json.ok) return { ok: false, reason: json.reason }
    return { ok: true, request: { method: operation.method, path, body: json.json, workspaceId } }
  }
  return (input: I): Prepared => {
    try {
      return build(input)
    } catch {
      return { ok: false, reason: "the input could not be read: reading one of its fields threw" }
    }
  }
}
