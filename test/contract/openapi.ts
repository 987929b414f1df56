/**
 * A validator of requests and responses against the OpenAPI document itself
 * (`../shared/spec/connections.openapi.yaml`), read at run time: its `$ref`s are resolved and every schema is
 * compiled with ajv's JSON Schema 2020-12 dialect (the dialect of OpenAPI 3.1). Nothing here is copied from
 * the spec by hand: operations, parameters, security headers, bodies and responses all come from the document.
 *
 * Every check made is counted in `tally`, by kind, for the closing report.
 */
import * as addFormatsModule from "ajv-formats"
import { Ajv2020 } from "ajv/dist/2020.js"
import type { ValidateFunction } from "ajv/dist/2020.js"
import { readFileSync } from "node:fs"
import { parse } from "yaml"

/** Where the spec lives: beside the repository (`repo/../shared`), as in the CI clone. */
export const specUrl = new URL("../../../shared/spec/connections.openapi.yaml", import.meta.url)

type Json = any

const pointer = (root: Json, ref: string): Json => {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are expected, got ${ref}`)
  return ref.slice(2).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~")).reduce((node, key) => {
    if (node === undefined || !(key in node)) throw new Error(`unresolved $ref ${ref}`)
    return node[key]
  }, root)
}

/** The document with every `$ref` replaced by what it points to (the spec has no cycles; depth is bounded). */
const resolveRefs = (root: Json, node: Json = root, depth = 0): Json => {
  if (depth > 64) throw new Error("$ref nesting deeper than 64: a cycle?")
  if (Array.isArray(node)) return node.map((n) => resolveRefs(root, n, depth + 1))
  if (typeof node !== "object" || node === null) return node
  if (typeof node.$ref === "string") return resolveRefs(root, pointer(root, node.$ref), depth + 1)
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveRefs(root, v, depth + 1)]))
}

export const raw: Json = parse(readFileSync(specUrl, "utf8"))
export const spec: Json = resolveRefs(raw)

const ajv = new Ajv2020({ strict: false, allErrors: true })
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (a: Ajv2020) => void
addFormats(ajv)

const compiled = new WeakMap<object, ValidateFunction>()
const compile = (schema: Json): ValidateFunction => {
  let fn = compiled.get(schema)
  if (fn === undefined) {
    fn = ajv.compile(schema)
    compiled.set(schema, fn)
  }
  return fn
}

/** The check counts, by kind. */
export const tally = new Map<string, number>()
let counting = true
const count = (kind: string) => {
  if (counting) tally.set(kind, (tally.get(kind) ?? 0) + 1)
}

/** Runs `f` without counting its checks (the negative tests prove the validator, they check nothing). */
export const uncounted = <A>(f: () => A): A => {
  counting = false
  try {
    return f()
  } finally {
    counting = true
  }
}

/** Runs a schema; one problem line per ajv error. */
const validate = (kind: string, what: string, schema: Json, value: unknown, problems: Array<string>): boolean => {
  count(kind)
  const fn = compile(schema)
  if (fn(value)) return true
  for (const e of fn.errors ?? []) problems.push(`${what}${e.instancePath}: ${e.message ?? e.keyword}`)
  return false
}

const check = (kind: string, ok: boolean, problem: string, problems: Array<string>): boolean => {
  count(kind)
  if (!ok) problems.push(problem)
  return ok
}

/** The spec's server path (`/api/v2`). */
export const serverPath: string = new URL(spec.servers[0].url).pathname.replace(/\/$/, "")

export interface SpecOperation {
  readonly operationId: string
  readonly method: string
  readonly template: string
  readonly pattern: RegExp
  readonly pathNames: ReadonlyArray<string>
  readonly node: Json
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

/** Every operation of the document. */
export const operations: ReadonlyArray<SpecOperation> = Object.entries(spec.paths as Record<string, Json>).flatMap((
  [template, item]
) =>
  methods.filter((m) => item[m] !== undefined).map((m) => {
    const pathNames: Array<string> = []
    const source = template.split(/(\{[^}]+\})/).map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1]
      if (name === undefined) return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      pathNames.push(name)
      return "([^/]+)"
    }).join("")
    return {
      operationId: item[m].operationId,
      method: m.toUpperCase(),
      template,
      pattern: new RegExp(`^${source}$`),
      pathNames,
      node: { ...item[m], parameters: [...(item.parameters ?? []), ...(item[m].parameters ?? [])] }
    }
  })
)

/** A parameter's text as its schema reads it (OpenAPI `simple`/`form` styles of scalars). */
const coerce = (schema: Json, text: string): unknown => {
  const types: Array<string> = [schema.type ?? [], ...(schema.oneOf ?? []).map((s: Json) => s.type)].flat()
  if ((types.includes("integer") || types.includes("number")) && /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(text)) {
    return Number(text)
  }
  if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true"
  return text
}

export interface CapturedRequest {
  readonly method: string
  /** Absolute URL. */
  readonly url: string
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Checks a request against the document; returns its operationId (if any) and every problem found. */
export const checkRequest = (
  request: CapturedRequest
): { readonly operationId: string | undefined; readonly problems: ReadonlyArray<string> } => {
  const problems: Array<string> = []
  const url = new URL(request.url)
  if (
    !check(
      "request: under the server path",
      url.pathname.startsWith(`${serverPath}/`),
      `path ${url.pathname} is not under ${serverPath}`,
      problems
    )
  ) {
    return { operationId: undefined, problems }
  }
  const path = url.pathname.slice(serverPath.length)
  const found = operations.find((op) => op.method === request.method && op.pattern.test(path))
  if (
    !check(
      "request: method + path template",
      found !== undefined,
      `no operation for ${request.method} ${path}`,
      problems
    )
  ) {
    return { operationId: undefined, problems }
  }
  const op = found!
  const params: Array<Json> = op.node.parameters
  const segments = op.pattern.exec(path)!.slice(1)
  op.pathNames.forEach((name, i) => {
    const param = params.find((p) => p.in === "path" && p.name === name)
    if (
      !check(
        "request: path parameter declared",
        param !== undefined,
        `path parameter ${name} is not declared`,
        problems
      )
    ) return
    let text: string
    try {
      text = decodeURIComponent(segments[i]!)
    } catch {
      check("request: path parameter schema", false, `path parameter ${name} is not valid percent-encoding`, problems)
      return
    }
    validate("request: path parameter schema", `path ${name}`, param.schema, coerce(param.schema, text), problems)
  })
  for (const name of new Set(url.searchParams.keys())) {
    const param = params.find((p) => p.in === "query" && p.name === name)
    if (
      !check(
        "request: query parameter declared",
        param !== undefined,
        `query parameter ${name} is not declared`,
        problems
      )
    ) continue
    validate(
      "request: query parameter schema",
      `query ${name}`,
      param.schema,
      coerce(param.schema, url.searchParams.get(name)!),
      problems
    )
  }
  for (const param of params.filter((p) => p.in === "query" && p.required === true)) {
    check(
      "request: required query parameter",
      url.searchParams.has(param.name),
      `query parameter ${param.name} is required`,
      problems
    )
  }
  // security: every scheme of one requirement (the spec has one: apiKey and apiSecret together)
  const requirements: Array<Record<string, unknown>> = op.node.security ?? spec.security ?? []
  const satisfied = requirements.length === 0 ||
    requirements.some((requirement) =>
      Object.keys(requirement).every((scheme) => {
        const def = spec.components.securitySchemes[scheme]
        if (def.type !== "apiKey" || def.in !== "header") return false
        const value = request.headers[String(def.name).toLowerCase()]
        return check(
          "request: security header",
          value !== undefined && value !== "",
          `header ${def.name} is missing`,
          problems
        )
      })
    )
  if (!satisfied) problems.push("no security requirement is satisfied")
  const body = op.node.requestBody
  if (body === undefined) {
    check(
      "request: no body where none is described",
      request.body === "",
      `${op.operationId} sends a body the spec does not describe`,
      problems
    )
  } else {
    if (request.body === "") {
      check("request: required body", body.required !== true, `${op.operationId} requires a body`, problems)
    } else {
      const contentType = (request.headers["content-type"] ?? "").split(";")[0]!.trim()
      const media = body.content[contentType]
      if (
        check(
          "request: body media type",
          media !== undefined,
          `content-type ${contentType || "(none)"} is not described`,
          problems
        )
      ) {
        let parsed: unknown
        let ok = true
        try {
          parsed = JSON.parse(request.body)
        } catch {
          ok = false
        }
        if (check("request: body is JSON", ok, "body is not JSON", problems)) {
          validate("request: body schema", "body", media.schema, parsed, problems)
        }
      }
    }
  }
  return { operationId: op.operationId, problems }
}

/** The body conventions the server follows beyond the spec's schemas (issue 2: validation `extra` is a list). */
export type ErrorConvention = "validation" | "client" | "none"

/** Checks a response of `operationId` against the document. */
export const checkResponse = (
  operationId: string,
  response: { readonly status: number; readonly headers: Readonly<Record<string, string>>; readonly body: string },
  convention: ErrorConvention = "none"
): ReadonlyArray<string> => {
  const problems: Array<string> = []
  const op = operations.find((o) => o.operationId === operationId)
  if (op === undefined) return [`no operation ${operationId}`]
  const responses: Record<string, Json> = op.node.responses
  const status = String(response.status)
  const described = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default
  if (
    !check("response: status declared", described !== undefined, `${operationId} does not declare ${status}`, problems)
  ) {
    return problems
  }
  if (described.content === undefined) {
    if (response.status === 204) {
      check("response: 204 has no body", response.body === "", "a 204 has a body", problems)
    }
    return problems
  }
  const contentType = (response.headers["content-type"] ?? "").split(";")[0]!.trim()
  const media = described.content[contentType]
  if (
    !check(
      "response: media type",
      media !== undefined,
      `content-type ${contentType || "(none)"} is not described`,
      problems
    )
  ) {
    return problems
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(response.body)
  } catch {
    check("response: body is JSON", false, "body is not JSON", problems)
    return problems
  }
  count("response: body is JSON")
  const schema = media.schema
  if (Array.isArray(schema.oneOf)) {
    // both 400 branches have one shape, so a strict oneOf never passes: the body must match at least one
    const branchProblems: Array<Array<string>> = schema.oneOf.map((branch: Json) => {
      const fn = compile(branch)
      return fn(parsed) ? [] : (fn.errors ?? []).map((e) => `body${e.instancePath}: ${e.message ?? e.keyword}`)
    })
    const kind = `response: ${status} body matches a oneOf branch`
    if (
      !check(
        kind,
        branchProblems.some((p) => p.length === 0),
        `${status} body matches no branch: ${branchProblems.flat().join("; ")}`,
        problems
      )
    ) {
      return problems
    }
  } else {
    validate(`response: ${status} body schema`, "body", schema, parsed, problems)
  }
  const extra = (parsed as Json)?.extra
  if (convention === "validation") {
    check(
      "response: Validation Exception extra is a list of {message, key, source}",
      Array.isArray(extra) && extra.length > 0 &&
        extra.every((e: Json) =>
          typeof e?.message === "string" && typeof e?.key === "string" && typeof e?.source === "string"
        ),
      `Validation Exception extra is not a list of {message, key, source}: ${JSON.stringify(extra)}`,
      problems
    )
  } else if (convention === "client") {
    check(
      "response: Client Error extra is an object",
      typeof extra === "object" && extra !== null && !Array.isArray(extra),
      `Client Error extra is not an object: ${JSON.stringify(extra)}`,
      problems
    )
  }
  return problems
}
