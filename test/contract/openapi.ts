/**
 * A validator of requests and responses against the OpenAPI documents vendored in `spec/`, read at run time:
 * `$ref`s are resolved, every `oneOf` becomes `anyOf` (see `anyOfForOneOf`), and every schema is compiled with
 * ajv's JSON Schema 2020-12 dialect (the dialect of OpenAPI 3.1). Nothing here is copied from the documents by
 * hand: operations, parameters, security schemes, bodies and responses all come from them.
 *
 * Two documents, two ready `Contract`s: `live` (`spec/connections.live-2026-10.openapi.yaml`, the contract:
 * what the live API serves) and `reference` (`spec/connections.reference.openapi.yaml`, what the reference SDK
 * and servers of that vintage follow).
 *
 * Every check made is counted, by kind, per document (`Contract.tally`) and in the combined `tally`, whose kinds
 * carry the document's short name (`live: request: path parameter schema`), for the closing report.
 */
import * as addFormatsModule from "ajv-formats"
import { Ajv2020 } from "ajv/dist/2020.js"
import type { ValidateFunction } from "ajv/dist/2020.js"
import { readFileSync } from "node:fs"
import { parse } from "yaml"

/** The vendored documents `loadContract` reads, from `spec/` at the repository's root. */
export type ContractFile = "connections.live-2026-10.openapi.yaml" | "connections.reference.openapi.yaml"

/** A document's short name: the prefix of its kinds in `tally`. */
export type ContractName = "live" | "reference"

const names: Readonly<Record<ContractFile, ContractName>> = {
  "connections.live-2026-10.openapi.yaml": "live",
  "connections.reference.openapi.yaml": "reference"
}

type Json = any

const pointer = (root: Json, ref: string): Json => {
  if (!ref.startsWith("#/")) throw new Error(`only local $refs are expected, got ${ref}`)
  return ref.slice(2).split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~")).reduce((node, key) => {
    if (node === undefined || !(key in node)) throw new Error(`unresolved $ref ${ref}`)
    return node[key]
  }, root)
}

/** The document with every `$ref` replaced by what it points to (the documents have no cycles; depth is bounded). */
const resolveRefs = (root: Json, node: Json = root, depth = 0): Json => {
  if (depth > 64) throw new Error("$ref nesting deeper than 64: a cycle?")
  if (Array.isArray(node)) return node.map((n) => resolveRefs(root, n, depth + 1))
  if (typeof node !== "object" || node === null) return node
  if (typeof node.$ref === "string") return resolveRefs(root, pointer(root, node.$ref), depth + 1)
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolveRefs(root, v, depth + 1)]))
}

/** Keywords whose values are data, not schemas: a `oneOf` inside them is left alone. */
const dataKeywords = new Set(["examples", "example", "default", "const", "enum"])

/**
 * The (resolved) document with every `oneOf` keyword rewritten to `anyOf`, at any depth.
 *
 * Why: the documents' `oneOf`s overlap, so a strict `oneOf` ("exactly one branch") rejects answers the server
 * really sends. SaveConnection's 202 is `oneOf: [OauthTokenExchangeResponse, ObjectJobSchema]`, and every
 * property of ObjectJobSchema is optional with extra properties allowed, so every OAuth exchange also matches
 * the job branch; the two branches of every 400 body (Client Error, Validation Exception) have one and the same
 * shape, so every 400 matches both. (Disjoint ones such as `[{type: string}, {type: "null"}]` mean the same
 * either way.) "The body matches a branch" is what the server promises, and what `anyOf` checks.
 *
 * Only a `oneOf` whose value is an array is the keyword (a property named `oneOf` would have a schema object).
 */
const anyOfForOneOf = (node: Json): Json => {
  if (Array.isArray(node)) return node.map(anyOfForOneOf)
  if (typeof node !== "object" || node === null) return node
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) =>
      dataKeywords.has(k) ? [k, v] : [k === "oneOf" && Array.isArray(v) ? "anyOf" : k, anyOfForOneOf(v)]
    )
  )
}

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

const combined = new Map<string, number>()

/**
 * The check counts of every document, by kind, each kind prefixed by the document's short name
 * (`live: request: body schema`, `reference: response: 201 body schema`). Per document: `Contract.tally`.
 */
export const tally: ReadonlyMap<string, number> = combined

let counting = true

/** Runs `f` without counting its checks (the negative tests prove the validator, they check nothing). */
export const uncounted = <A>(f: () => A): A => {
  const before = counting
  counting = false
  try {
    return f()
  } finally {
    counting = before
  }
}

/** One operation of a document, with its path-level parameters merged into `node.parameters`. */
export interface SpecOperation {
  readonly operationId: string
  /** Upper-case. */
  readonly method: string
  /** The path template, relative to the server path (`/jobs/{job_id}`). */
  readonly template: string
  readonly pattern: RegExp
  /** The template's parameters, in order. */
  readonly pathNames: ReadonlyArray<string>
  /** The resolved operation object. */
  readonly node: Json
}

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

const operationsOf = (spec: Json): ReadonlyArray<SpecOperation> =>
  Object.entries(spec.paths as Record<string, Json>).flatMap(([template, item]) =>
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

/**
 * A parameter's text as its schema reads it (OpenAPI `simple`/`form` styles of scalars): a number where the
 * schema (or one of its `anyOf`/`oneOf` branches) allows one, a boolean likewise, else the text.
 */
const coerce = (schema: Json, text: string): unknown => {
  const types: Array<string> = [
    schema.type ?? [],
    ...[...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].map((s: Json) => s.type ?? [])
  ].flat()
  if ((types.includes("integer") || types.includes("number")) && /^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/.test(text)) {
    return Number(text)
  }
  if (types.includes("boolean") && (text === "true" || text === "false")) return text === "true"
  return text
}

/** A request as the client sent it. */
export interface CapturedRequest {
  readonly method: string
  /** Absolute URL. */
  readonly url: string
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** A response as the server (or the fake) answered. */
export interface CapturedResponse {
  readonly status: number
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** What `Contract.checkRequest` found. */
export interface RequestCheck {
  /** The operation the method and path name; `undefined` when none does. */
  readonly operationId: string | undefined
  /** Every problem found; empty when the request conforms. */
  readonly problems: ReadonlyArray<string>
  /**
   * The security requirement the request satisfies, named by its schemes joined with "+" in the document's order
   * (`"bearerAuth"`, `"apiKey+apiSecret+workspaceId"`); the first such requirement when several are; `""` when
   * the operation requires none; `undefined` when none is satisfied (or the operation was not found).
   */
  readonly security: string | undefined
}

/**
 * The body conventions the server follows beyond the documents' schemas (issue 2): a Validation Exception's
 * `extra` is a list of `{message, key, source}`, a Client Error's an object or `null`.
 */
export type ErrorConvention = "validation" | "client" | "none"

/** One OpenAPI document, loaded, and the checks of requests and responses against it. */
export interface Contract {
  /** The short name, the prefix of this document's kinds in `tally`. */
  readonly name: ContractName
  readonly file: ContractFile
  /** The document with its `$ref`s resolved and every `oneOf` rewritten to `anyOf`. */
  readonly spec: Json
  /** The document as parsed, unchanged. */
  readonly raw: Json
  /** Every operation of the document. */
  readonly operations: ReadonlyArray<SpecOperation>
  /** The document's server path (`/api/v2`). */
  readonly serverPath: string
  /** This document's check counts, by kind (unprefixed). */
  readonly tally: ReadonlyMap<string, number>
  /** Checks a request against the document: its operation, every problem, and the security requirement met. */
  readonly checkRequest: (request: CapturedRequest) => RequestCheck
  /** Checks a response of `operationId` against the document; returns every problem found. */
  readonly checkResponse: (
    operationId: string,
    response: CapturedResponse,
    convention?: ErrorConvention
  ) => ReadonlyArray<string>
}

const loaded = new Map<ContractFile, Contract>()

/**
 * Loads a vendored document (`spec/<file>`) once, and returns its `Contract` (the same one on later calls, so
 * its tally is not split).
 */
export const loadContract = (file: ContractFile): Contract => {
  const already = loaded.get(file)
  if (already !== undefined) return already
  const name = names[file]
  const raw: Json = parse(readFileSync(new URL(`../../spec/${file}`, import.meta.url), "utf8"))
  const spec: Json = anyOfForOneOf(resolveRefs(raw))
  const serverPath: string = new URL(spec.servers[0].url).pathname.replace(/\/$/, "")
  const operations = operationsOf(spec)
  const own = new Map<string, number>()

  const count = (kind: string) => {
    if (!counting) return
    own.set(kind, (own.get(kind) ?? 0) + 1)
    const prefixed = `${name}: ${kind}`
    combined.set(prefixed, (combined.get(prefixed) ?? 0) + 1)
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

  /** What a request lacks for one security scheme; empty when it has it. Never echoes a credential. */
  const lacks = (scheme: string, request: CapturedRequest, url: URL): ReadonlyArray<string> => {
    const def = spec.components?.securitySchemes?.[scheme]
    if (def === undefined) return [`security scheme ${scheme} is not defined`]
    if (def.type === "apiKey" && def.in === "header") {
      const value = request.headers[String(def.name).toLowerCase()]
      return value !== undefined && value !== "" ? [] : [`header ${def.name} is missing`]
    }
    if (def.type === "apiKey" && def.in === "query") {
      return (url.searchParams.get(def.name) ?? "") !== "" ? [] : [`query parameter ${def.name} is missing`]
    }
    if (def.type === "http" && typeof def.scheme === "string") {
      // RFC 9110: the scheme word is case-insensitive; RFC 6750: one token follows it
      const value = request.headers.authorization
      if (value === undefined || value === "") return ["header Authorization is missing"]
      const word = def.scheme.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
      const shape = `${def.scheme.charAt(0).toUpperCase()}${def.scheme.slice(1).toLowerCase()} <token>`
      return new RegExp(`^${word} +\\S+$`, "i").test(value) ? [] : [`header Authorization is not "${shape}"`]
    }
    return [`security scheme ${scheme} (${def.type}${def.in === undefined ? "" : ` in ${def.in}`}) is not supported`]
  }

  const checkRequest = (request: CapturedRequest): RequestCheck => {
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
      return { operationId: undefined, problems, security: undefined }
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
      return { operationId: undefined, problems, security: undefined }
    }
    const op = found!
    const params: Array<Json> = op.node.parameters
    const segments = op.pattern.exec(path)!.slice(1)
    op.pathNames.forEach((pathName, i) => {
      const param = params.find((p) => p.in === "path" && p.name === pathName)
      if (
        !check(
          "request: path parameter declared",
          param !== undefined,
          `path parameter ${pathName} is not declared`,
          problems
        )
      ) return
      let text: string
      try {
        text = decodeURIComponent(segments[i]!)
      } catch {
        check(
          "request: path parameter schema",
          false,
          `path parameter ${pathName} is not valid percent-encoding`,
          problems
        )
        return
      }
      validate("request: path parameter schema", `path ${pathName}`, param.schema, coerce(param.schema, text), problems)
    })
    for (const queryName of new Set(url.searchParams.keys())) {
      const param = params.find((p) => p.in === "query" && p.name === queryName)
      if (
        !check(
          "request: query parameter declared",
          param !== undefined,
          `query parameter ${queryName} is not declared`,
          problems
        )
      ) continue
      validate(
        "request: query parameter schema",
        `query ${queryName}`,
        param.schema,
        coerce(param.schema, url.searchParams.get(queryName)!),
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
    // security: the request passes when ANY requirement is satisfied, and a requirement is when ALL its schemes
    // are; what the other requirements lack is no problem, so it is reported only when none is satisfied
    const requirements: Array<Record<string, unknown>> = op.node.security ?? spec.security ?? []
    const missing = requirements.map((requirement) => {
      const schemes = Object.keys(requirement)
      return { name: schemes.join("+"), lacks: schemes.flatMap((scheme) => lacks(scheme, request, url)) }
    })
    const security = requirements.length === 0 ? "" : missing.find((m) => m.lacks.length === 0)?.name
    if (
      !check(
        "request: security requirement satisfied",
        security !== undefined,
        "no security requirement is satisfied",
        problems
      )
    ) {
      for (const m of missing) problems.push(`security ${m.name}: ${m.lacks.join(", ")}`)
    }
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
    return { operationId: op.operationId, problems, security }
  }

  const checkResponse = (
    operationId: string,
    response: CapturedResponse,
    convention: ErrorConvention = "none"
  ): ReadonlyArray<string> => {
    const problems: Array<string> = []
    const op = operations.find((o) => o.operationId === operationId)
    if (op === undefined) return [`no operation ${operationId}`]
    const responses: Record<string, Json> = op.node.responses
    const status = String(response.status)
    const described = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default
    if (
      !check(
        "response: status declared",
        described !== undefined,
        `${operationId} does not declare ${status}`,
        problems
      )
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
    // a body described by branches (a rewritten oneOf) passes when it matches one of them: see anyOfForOneOf
    validate(`response: ${status} body schema`, "body", media.schema, parsed, problems)
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
      // the schema allows null, an object or a list; a list is what makes a 400 a Validation Exception
      check(
        "response: Client Error extra is an object or null",
        typeof extra === "object" && !Array.isArray(extra),
        `Client Error extra is not an object or null: ${JSON.stringify(extra)}`,
        problems
      )
    }
    return problems
  }

  const contract: Contract = {
    name,
    file,
    spec,
    raw,
    operations,
    serverPath,
    tally: own,
    checkRequest,
    checkResponse
  }
  loaded.set(file, contract)
  return contract
}

/** The contract: the live API's document (2026-10-03), with GetJob. Where anything disagrees with it, it wins. */
export const live: Contract = loadContract("connections.live-2026-10.openapi.yaml")

/** The reference SDK's older document: what servers of that vintage, which must keep working, follow. */
export const reference: Contract = loadContract("connections.reference.openapi.yaml")
