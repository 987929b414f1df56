/**
 * The fake's validation of a routed request: its path and query parameters read with the rules the client
 * writes them with (`readParam`), its body checked with the client's body rules (`bodyIssues`). Every problem
 * is one entry of the Validation Exception's `extra`; a body value is never quoted back (it may be a password).
 *
 * @internal
 */
import { bodyIssues, readParam } from "../input.js"
import type { ValidationIssue } from "./model.js"
import type { Route } from "./routes.js"

/** One entry of a Validation Exception's `extra`. */
export type Issue = ValidationIssue

/** What validation read: the input fields it could decode, the body when it is valid, and every problem. */
export interface Validated {
  readonly issues: ReadonlyArray<Issue>
  readonly fields: Readonly<Record<string, unknown>>
  readonly wireBody: unknown
}

/** The body's problems, or its value: JSON, present, and of the shape the operation's body takes. */
const readBody = (route: Route, body: string, issues: Array<Issue>): unknown => {
  const spec = route.operation.body
  if (spec === undefined) return undefined
  let parsed: unknown
  try {
    parsed = body.trim() === "" ? undefined : JSON.parse(body)
  } catch {
    issues.push({ message: "is not valid JSON", key: "body", source: "body" })
    return undefined
  }
  if (parsed === undefined) {
    issues.push({ message: "is required", key: "body", source: "body" })
    return undefined
  }
  // a body value may be a password: name the field, never quote the value back
  const found = bodyIssues(spec, parsed, "", true)
  for (const issue of found) {
    const message = issue.message === "is missing" ? "is missing" : "is not of the expected shape"
    issues.push({ message, key: issue.key || "body", source: "body" })
  }
  return found.length === 0 ? parsed : undefined
}

/** Decodes path and query parameters and the body of a request `route` took. */
export const validate = (route: Route, segments: ReadonlyArray<string>, url: URL, body: string): Validated => {
  const issues: Array<Issue> = []
  const fields: Record<string, unknown> = {}
  route.pathParams.forEach((param, i) => {
    let text: string
    try {
      text = decodeURIComponent(segments[i] ?? "")
    } catch {
      issues.push({ message: "is not a valid percent-encoded path segment", key: param.wire, source: "path" })
      return
    }
    const read = readParam(param.type, text)
    if (!read.ok) issues.push({ message: read.message, key: param.wire, source: "path" })
    else fields[param.field] = read.value
  })
  for (const param of route.queryParams) {
    const text = url.searchParams.get(param.wire)
    if (text === null) continue
    const read = readParam(param.type, text)
    if (!read.ok) issues.push({ message: read.message, key: param.wire, source: "query" })
    else fields[param.field] = read.value
  }
  const wireBody = readBody(route, body, issues)
  return { issues, fields, wireBody }
}
