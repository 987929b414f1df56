/**
 * How an answer is read, the same on both Effect lines: how much of a body is read, which statuses have none,
 * and what a 2xx body of each kind (`SuccessSpec.body`) is: a value at once, a body refused with its reason,
 * or JSON for the line's `Schema` to decode (job, create's 202, a list the fast path did not accept). Each line
 * reads the bytes with its own HTTP client and decodes with its own schemas.
 *
 * @internal
 */
import { refusedBodyChars } from "./defaults.js"
import type { ConnectionList } from "./list.js"
import { isWireList, toConnectionList } from "./list.js"
import { maskSecretFields } from "./secrets.js"

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
    /**
     * Whether the refusal may quote the schema's message (which quotes values): not for a body that may hold a
     * credential (create's 202: an OAuth token).
     */
    readonly quote: boolean
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
      what: "the body does not match ListConnectionsSchema",
      quote: true
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
      what: "the 202 body is neither an OAuth exchange nor a job",
      quote: false
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
      what: "the body does not match JobResponse",
      quote: true
    }
  }
}

/** One place where a schema refused a body. */
export interface BodyIssue {
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
}

const at = (path: ReadonlyArray<PropertyKey>): string => `at [${path.map(String).join(", ")}]`

/**
 * Why a schema refused a body, in one line: `what`, then the first issue with its message, or (`quote: false`)
 * up to three issues by path only.
 */
export const refusalReason = (what: string, issues: ReadonlyArray<BodyIssue>, quote: boolean): string => {
  if (!quote) {
    const paths = issues.slice(0, 3).map((issue) => at(issue.path))
    return `${what}: ${paths.length === 0 ? "invalid" : `${paths.join("; ")}: not of the expected type`}`
  }
  const issue = issues[0]
  if (issue === undefined) return `${what}: invalid`
  const message = issue.message.length > 200 ? `${issue.message.slice(0, 200)}...` : issue.message
  return `${what}: ${at(issue.path)}: ${message}`
}

/** The text of a refused 2xx body as its error keeps it: cut, its credential fields masked. */
export const refusedBodyText = (text: string): string =>
  maskSecretFields(text.length > refusedBodyChars ? text.slice(0, refusedBodyChars) : text)

/** The description of a transport failure while a body was read (the connection dropped mid-body). */
export const bodyReadFailed = (status: number): string => `the response body could not be read (HTTP ${status})`
