/**
 * How an answer is read, the same on both Effect lines: how much of a body is read, which statuses have none,
 * and what a 2xx body of each kind (`SuccessSpec.body`) is: a value at once, a body refused with its reason,
 * or JSON for the line's `Schema` to decode (job, create's 202, a list the fast path did not accept). Each line
 * reads the bytes with its own HTTP client and decodes with its own schemas.
 *
 * @internal
 */
import { refusedBodyChars } from "./defaults.js"
import { classifyStatus } from "./errorBody.js"
import type { ErrorFieldsByTag } from "./errors.js"
import { statusErrorTags } from "./errors.js"
import type { ConnectionList } from "./list.js"
import { isWireList, toConnectionList } from "./list.js"
import type { KnownSecrets } from "./secrets.js"
import {
  maskedJsonText,
  maskKnownCutText,
  maskKnownHeaders,
  maskKnownText,
  maskKnownValue,
  maskSecretFields,
  noKnownSecrets
} from "./secrets.js"

/** Limits on what is read of a response. */
export interface BodyLimits {
  /** The largest 2xx body accepted, in bytes; a larger one is refused (`MammothAnalyticsResponseValidationError`). */
  readonly maxResponseBytes: number
  /** How much of an error body is kept (in bytes); the rest is not read. */
  readonly errorBodyBytes: number
}

/** A body as read: its text, and whether it was cut at the limit. */
export interface ReadBody {
  readonly text: string
  readonly truncated: boolean
}

/** No body. */
export const noBody: ReadBody = { text: "", truncated: false }

/** Whether a status has no body by definition (204, 304): fetch gives them none, and reading one fails. */
export const hasNoBody = (status: number): boolean => status === 204 || status === 304

/**
 * Whether a body can be read in one go: the server says how long it is, that is within the limit, and it is not
 * encoded. With a `content-encoding`, `content-length` is the encoded size, not what the transport hands over:
 * `fetch` inflates gzip, deflate and br (and keeps both headers), so a 10 KB body may come out as gigabytes.
 * Otherwise the body is streamed, the bytes the transport hands over are counted, and reading stops at the
 * limit.
 */
export const readsWhole = (
  headers: Readonly<Record<string, string | undefined>>,
  limit: number
): boolean => {
  const contentLength = headers["content-length"]
  return headers["content-encoding"] === undefined && contentLength !== undefined &&
    /^[0-9]+$/.test(contentLength) && Number(contentLength) <= limit
}

const utf8 = new TextDecoder("utf-8")

/** Collects a streamed body up to `limit` bytes, then decodes it as UTF-8. */
export class BodyCollector {
  private readonly chunks: Array<Uint8Array> = []
  private size = 0
  private truncated = false

  constructor(private readonly limit: number) {}

  /** Takes a chunk; `false` when the limit is reached and reading should stop. */
  push(chunk: Uint8Array): boolean {
    const room = this.limit - this.size
    if (chunk.length > room) {
      this.chunks.push(chunk.subarray(0, room))
      this.size = this.limit
      this.truncated = true
      return false
    }
    this.chunks.push(chunk)
    this.size += chunk.length
    return true
  }

  /** The body read so far. */
  result(): ReadBody {
    if (this.chunks.length === 1) return { text: utf8.decode(this.chunks[0]), truncated: this.truncated }
    const all = new Uint8Array(this.size)
    let offset = 0
    for (const chunk of this.chunks) {
      all.set(chunk, offset)
      offset += chunk.length
    }
    return { text: utf8.decode(all), truncated: this.truncated }
  }
}

/** The schemas a line decodes a 2xx body with: `JobResponse`, create's 202, `ListConnectionsSchema`. */
export type BodySchema = "job" | "accepted" | "list"

/**
 * What a 2xx body is, before any schema: a value `V` at once, a body refused with its reason, or JSON for the
 * line's schema `S` to decode.
 */
export type Reading<V, S extends BodySchema> =
  | { readonly kind: "value"; readonly value: V }
  | { readonly kind: "refused"; readonly reason: string }
  | {
    readonly kind: "decode"
    readonly schema: S
    readonly json: unknown
    /** Names the refusal when the schema refuses the body. */
    readonly what: string
  }

/** A 2xx answer as read. */
export interface SuccessAnswer {
  readonly status: number
  readonly body: ReadBody
  readonly contentType: string | undefined
  readonly maxResponseBytes: number
}

/** The job of an empty 202 of create: accepted, but the server names no job, so there is nothing to await. */
export const noJob = { _tag: "Job", jobId: null, statusCode: null, failureReason: null } as const

/** A create the server answered with the connection (a 201, or any 2xx but 202): its JSON, `null` if empty. */
export interface Created {
  readonly _tag: "Created"
  readonly body: unknown
}

const refused = (reason: string) => ({ kind: "refused", reason }) as const

const value = <V>(value: V) => ({ kind: "value", value }) as const

/** The body's JSON, or its refusal (naming the content type when there is one). */
const json = (
  answer: SuccessAnswer
): { readonly kind: "parsed"; readonly json: unknown } | ReturnType<typeof refused> => {
  try {
    return { kind: "parsed", json: JSON.parse(answer.body.text) }
  } catch {
    const notJson = "the body is not JSON"
    const contentType = answer.contentType
    return refused(contentType === undefined ? notJson : `${notJson} (content-type ${contentType.slice(0, 100)})`)
  }
}

const tooLarge = (answer: SuccessAnswer) => refused(`the body is larger than ${answer.maxResponseBytes} bytes`)

/**
 * What a 2xx body of each kind (`SuccessSpec.body`) is. Delete's body is read and discarded. The spec types get
 * and update bodies as `{}`: an empty one is no value (`null`). An empty 202 of create is still accepted: a job
 * the server names no id of; any other 2xx of create means the connection exists (`Created`, with the server's
 * JSON). A list the fast path accepts needs no schema.
 */
export const successReaders: {
  readonly none: (answer: SuccessAnswer) => Reading<undefined, never>
  readonly json: (answer: SuccessAnswer) => Reading<unknown, never>
  readonly list: (answer: SuccessAnswer) => Reading<ConnectionList, "list">
  readonly create: (answer: SuccessAnswer) => Reading<typeof noJob | Created, "accepted">
  readonly job: (answer: SuccessAnswer) => Reading<never, "job">
} = {
  none: (answer) => answer.body.truncated ? tooLarge(answer) : value(undefined),
  json: (answer) => {
    if (answer.body.truncated) return tooLarge(answer)
    if (answer.body.text.length === 0) return value(null)
    const parsed = json(answer)
    return parsed.kind === "parsed" ? value(parsed.json) : parsed
  },
  list: (answer) => {
    if (answer.body.truncated) return tooLarge(answer)
    if (answer.body.text.length === 0) return refused("the body is empty")
    const parsed = json(answer)
    if (parsed.kind !== "parsed") return parsed
    if (isWireList(parsed.json)) return value(toConnectionList(parsed.json))
    return {
      kind: "decode",
      schema: "list",
      json: parsed.json,
      what: "the body does not match ListConnectionsSchema"
    }
  },
  create: (answer) => {
    if (answer.body.truncated) return tooLarge(answer)
    if (answer.body.text.length === 0) return value(answer.status === 202 ? noJob : { _tag: "Created", body: null })
    const parsed = json(answer)
    if (parsed.kind !== "parsed") return parsed
    // a 201 (the reference contract) or any other 2xx: the connection exists, the body is the server's
    if (answer.status !== 202) return value({ _tag: "Created", body: parsed.json })
    return {
      kind: "decode",
      schema: "accepted",
      json: parsed.json,
      what: "the 202 body is neither an OAuth exchange nor a job"
    }
  },
  job: (answer) => {
    if (answer.body.truncated) return tooLarge(answer)
    if (answer.body.text.length === 0) return refused("the body is empty")
    const parsed = json(answer)
    if (parsed.kind !== "parsed") return parsed
    return {
      kind: "decode",
      schema: "job",
      json: parsed.json,
      what: "the body does not match JobResponse"
    }
  }
}

/**
 * The kind of one place where a schema refused a body, as each line's schema issues map onto it: a field that is
 * `missing`, a value of the wrong `type`, an `unexpected` field, a value of the right type the schema does not
 * accept (`value`: a filter, a transformation), a value that matches none of a union's members (`shape`), or
 * anything else (`other`).
 */
export type IssueKind = "missing" | "type" | "unexpected" | "value" | "shape" | "other"

/** One place where a schema refused a body: its path and kind, never the value (nor a message that quotes it). */
export interface BodyIssue {
  readonly path: ReadonlyArray<PropertyKey>
  readonly kind: IssueKind
}

const issueWords: Readonly<Record<IssueKind, string>> = {
  missing: "is missing",
  type: "is not of the expected type",
  unexpected: "is not expected",
  value: "is not an accepted value",
  shape: "matches none of the expected shapes",
  other: "is refused"
}

/** A path segment as a refusal names it: a key of the body is data too, so a long one is cut. */
const segment = (key: PropertyKey): string => {
  const text = String(key)
  return text.length > 64 ? `${text.slice(0, 64)}...` : text
}

const at = (path: ReadonlyArray<PropertyKey>): string => `at [${path.map(segment).join(", ")}]`

/**
 * Why a schema refused a body, in one line: `what`, then up to three distinct issues, each its path and kind. It never
 * quotes a value: a schema's own messages do (`Expected string, actual "..."`), and a refused body may hold a
 * connection's password or an OAuth token.
 */
export const refusalReason = (what: string, issues: ReadonlyArray<BodyIssue>): string => {
  // a union's members may each refuse the same place the same way: each is named once
  const named = [...new Set(issues.map((issue) => `${at(issue.path)}: ${issueWords[issue.kind]}`))]
  return named.length === 0 ? `${what}: invalid` : `${what}: ${named.slice(0, 3).join("; ")}`
}

const cut = (text: string, chars: number): string => (text.length > chars ? text.slice(0, chars) : text)

/**
 * The text of a refused 2xx body as its error keeps it: its JSON with every value under `connection_config`,
 * every value of a secret-named field and the value at each place the schema refused (`issues`) masked
 * (`<redacted>`), cut; nothing of a body that is not JSON (too large, cut at the limit, or not JSON at all),
 * which cannot be masked by its structure.
 */
export const refusedBodyText = (text: string, issues: ReadonlyArray<BodyIssue> = []): string =>
  cut(maskedJsonText(text, issues.map((issue) => issue.path)) ?? "", refusedBodyChars)

/**
 * The text of a non-2xx body as its error keeps it (`body`), cut to `chars`: JSON masked as a refused body's is;
 * other text (an HTML page, a body cut at its limit) as it came, but for the values of JSON-like secret-named
 * fields in it (`"password": "..."`).
 */
export const errorBodyText = (text: string, chars: number): string =>
  cut(maskedJsonText(text) ?? maskSecretFields(text), chars)

/** The description of a transport failure while a body was read (the connection dropped mid-body). */
export const bodyReadFailed = (status: number): string => `the response body could not be read (HTTP ${status})`

/** The tags of the errors an answer can be. */
export type AnswerErrorTag =
  | (typeof statusErrorTags)[keyof typeof statusErrorTags]
  | "MammothAnalyticsResponseValidationError"

/** An error an answer is, by its tag and fields: each line builds its class of that tag from them. */
export type AnswerErrorFields = {
  readonly [T in AnswerErrorTag]: { readonly tag: T; readonly fields: ErrorFieldsByTag[T] }
}[AnswerErrorTag]

/** What a line's schema made of a body: the value, or where and how the body did not match. */
export type Decoded =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly issues: ReadonlyArray<BodyIssue> }

/** An answer settled: its success value, or the error it is. */
export type Settled =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: AnswerErrorFields }

/** An answer as a line read it. */
export interface ReadAnswer {
  readonly status: number
  /** The response headers as errors keep them (secret values redacted), read only when the answer is an error. */
  readonly headers: () => Readonly<Record<string, string>>
  readonly contentType: string | undefined
  readonly body: ReadBody
}

/** Whether a status is a success: any 2xx. */
export const isSuccess = (status: number): boolean => status >= 200 && status < 300

/** How much of an answer's body is read: `maxResponseBytes` of a 2xx, `errorBodyBytes` of any other. */
export const bodyLimit = (status: number, limits: BodyLimits): number =>
  isSuccess(status) ? limits.maxResponseBytes : limits.errorBodyBytes

/**
 * An answer's error with the client's own credentials (`known`) masked in everything it keeps of the server's
 * text: its body, `detail`, `extra` and refusal reason (a refused body's keys are data too), and its headers
 * (as names: `maskKnownHeaders`). A server
 * may echo the `Authorization` header it was sent, in a 401's `detail` or a proxy's HTML page.
 */
export const maskKnownSecrets = (error: AnswerErrorFields, known: KnownSecrets): AnswerErrorFields => {
  if (known.pattern === undefined) return error
  const fields: Record<string, unknown> = { ...error.fields }
  for (const name of ["body", "detail", "reason"]) {
    const text = fields[name]
    // only a body is ever cut at a limit: a `detail` or a `reason` is whole, and its end is its own
    if (typeof text === "string") {
      fields[name] = name === "body"
        ? maskKnownCutText(text, known)
        : maskKnownText(text, known)
    }
  }
  if ("extra" in fields) fields.extra = maskKnownValue(fields.extra, known)
  fields.headers = maskKnownHeaders(error.fields.headers, known)
  // the same fields, of the same types: only their strings changed
  return { tag: error.tag, fields } as unknown as AnswerErrorFields
}

/**
 * What an answer of `operation` is, the same on both lines: a non-2xx is the error its status table names (its
 * body's fields masked); a 2xx is read by the operation's success kind, and a body a schema must decide is given
 * to `decode` (each line's schemas). A refused body keeps no value that is not masked, and no error keeps the
 * client's own credentials (`known`, `maskKnownSecrets`).
 */
export const settleAnswer = (
  operation: {
    readonly id: ErrorFieldsByTag["MammothAnalyticsDefaultError"]["operation"]
    readonly errors: ReadonlyArray<number>
    readonly success: { readonly body: keyof typeof successReaders }
  },
  answer: ReadAnswer,
  limits: BodyLimits,
  decode: (schema: BodySchema, json: unknown) => Decoded,
  known: KnownSecrets = noKnownSecrets
): Settled => {
  const settled = settleUnmasked(operation, answer, limits, decode)
  return settled.ok ? settled : { ok: false, error: maskKnownSecrets(settled.error, known) }
}

const settleUnmasked = (
  operation: Parameters<typeof settleAnswer>[0],
  answer: ReadAnswer,
  limits: BodyLimits,
  decode: (schema: BodySchema, json: unknown) => Decoded
): Settled => {
  const { body, status } = answer
  if (!isSuccess(status)) {
    const common = {
      operation: operation.id,
      status,
      headers: answer.headers(),
      body: errorBodyText(body.text, limits.errorBodyBytes)
    }
    const classified = classifyStatus(operation.errors, status, body.text)
    return {
      ok: false,
      error: classified.kind === "Default"
        ? { tag: statusErrorTags.Default, fields: common }
        : { tag: statusErrorTags[classified.kind], fields: { ...common, ...classified.fields } }
    }
  }
  const refuse = (reason: string, issues?: ReadonlyArray<BodyIssue>): Settled => ({
    ok: false,
    error: {
      tag: "MammothAnalyticsResponseValidationError",
      fields: {
        operation: operation.id,
        status,
        headers: answer.headers(),
        body: refusedBodyText(body.text, issues),
        reason
      }
    }
  })
  const reading = successReaders[operation.success.body]({
    status,
    body,
    contentType: answer.contentType,
    maxResponseBytes: limits.maxResponseBytes
  }) as Reading<unknown, BodySchema>
  switch (reading.kind) {
    case "value":
      return { ok: true, value: reading.value }
    case "refused":
      return refuse(reading.reason)
    case "decode": {
      const decoded = decode(reading.schema, reading.json)
      return decoded.ok ? decoded : refuse(refusalReason(reading.what, decoded.issues), decoded.issues)
    }
  }
}
