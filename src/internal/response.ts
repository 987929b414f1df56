/**
 * Where an answer is decoded: the body is read within a size limit, the status is matched against the
 * operation's status table, and the body is decoded into the success value or into the error of its kind.
 *
 * @internal
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as FiberRef from "effect/FiberRef"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { ErrorTable, Operation } from "../ConnectionsApi.js"
import { classifyStatus } from "../core/errorBody.js"
import { isWireList, toConnectionList } from "../core/list.js"
import { maskSecretFields } from "../core/secrets.js"
import type { MammothAnalyticsTransportError, OperationId, TableError } from "../Errors.js"
import {
  MammothAnalyticsClientError,
  MammothAnalyticsDefaultError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsResponseValidationError,
  MammothAnalyticsUnauthorizedError,
  MammothAnalyticsValidationError
} from "../Errors.js"
import type { CreateJob } from "../Schemas.js"
import { CreateAccepted, JobFromResponse, ListConnectionsSchema } from "../Schemas.js"
import { redactForError } from "./headers.js"
import { transportError } from "./redaction.js"

/** Limits on what is read of a response. */
export interface BodyLimits {
  /** The largest 2xx body accepted, in bytes; a larger one is a `MammothAnalyticsResponseValidationError`. */
  readonly maxResponseBytes: number
  /** How much of an error body is kept (in bytes); the rest is not read. */
  readonly errorBodyBytes: number
}

/** The errors an answer can be decoded into (transport failures while reading included). */
export type AnswerError =
  | TableError<ErrorTable>
  | MammothAnalyticsDefaultError
  | MammothAnalyticsResponseValidationError
  | MammothAnalyticsTransportError

const utf8 = new TextDecoder("utf-8")

type Read = { readonly text: string; readonly truncated: boolean }

const noBody: Read = { text: "", truncated: false }

/**
 * Reads the body as UTF-8 text, at most `limit` bytes: when the server says how long it is, a body within the
 * limit is read in one go; otherwise it is streamed and reading stops at the limit.
 */
const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<Read, HttpClientError.ResponseError> => {
  // 204 and 304 have no body by definition (fetch gives them none, and its stream would fail on reading one)
  if (response.status === 204 || response.status === 304) return Effect.succeed(noBody)
  const declared = response.headers["content-length"]
  if (declared !== undefined && /^[0-9]+$/.test(declared) && Number(declared) <= limit) {
    return Effect.map(response.text, (text) => ({ text, truncated: false }))
  }
  return Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    let truncated = false
    return response.stream.pipe(
      Stream.runForEachWhile((chunk) =>
        Effect.sync(() => {
          const room = limit - size
          if (chunk.length > room) {
            chunks.push(chunk.subarray(0, room))
            size = limit
            truncated = true
            return false
          }
          chunks.push(chunk)
          size += chunk.length
          return true
        })
      ),
      Effect.map(() => ({ text: decodeChunks(chunks, size), truncated })),
      // fetch gives other null-body statuses (205) no body either, which its stream reports as `EmptyBody`
      Effect.catchIf((error) => error.reason === "EmptyBody", () => Effect.succeed(noBody))
    )
  })
}

const decodeChunks = (chunks: ReadonlyArray<Uint8Array>, size: number): string => {
  if (chunks.length === 1) return utf8.decode(chunks[0])
  const all = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    all.set(chunk, offset)
    offset += chunk.length
  }
  return utf8.decode(all)
}

/** A body read failure (the connection dropped mid-body) is a transport failure. */
const bodyReadFailed =
  (operation: OperationId) => (error: HttpClientError.ResponseError): MammothAnalyticsTransportError =>
    transportError(
      operation,
      new HttpClientError.RequestError({
        request: error.request,
        reason: "Transport",
        cause: error.cause,
        description: `the response body could not be read (HTTP ${error.response.status})`
      })
    )

const parseJson = (text: string): Either.Either<unknown, string> => {
  try {
    return Either.right(JSON.parse(text))
  } catch {
    return Either.left("the body is not JSON")
  }
}

/** Turns a non-2xx answer into the error its status and body name, per the operation's table. */
const failureOf = (
  operation: Operation<any, any>,
  response: HttpClientResponse.HttpClientResponse,
  limits: BodyLimits
) =>
  Effect.flatMap(
    Effect.zip(readBody(response, limits.errorBodyBytes), FiberRef.get(Headers.currentRedactedNames)),
    ([{ text }, redactedNames]): Effect.Effect<never, AnswerError> => {
      const status = response.status
      const common = {
        operation: operation.id,
        status,
        headers: redactForError(response.headers, redactedNames),
        body: text
      }
      const classified = classifyStatus(operation.errors, status, text)
      switch (classified.kind) {
        case "Default":
          return Effect.fail(new MammothAnalyticsDefaultError(common))
        case "Unauthorized":
          return Effect.fail(new MammothAnalyticsUnauthorizedError({ ...common, ...classified.fields }))
        case "Forbidden":
          return Effect.fail(new MammothAnalyticsForbiddenError({ ...common, ...classified.fields }))
        case "ValidationError":
          return Effect.fail(new MammothAnalyticsValidationError({ ...common, ...classified.fields }))
        case "ClientError":
          return Effect.fail(new MammothAnalyticsClientError({ ...common, ...classified.fields }))
      }
    }
  )

const invalidBody = (
  operation: OperationId,
  response: HttpClientResponse.HttpClientResponse,
  text: string,
  reason: string,
  cause?: ParseResult.ParseError
) =>
  Effect.flatMap(FiberRef.get(Headers.currentRedactedNames), (names) =>
    Effect.fail(
      new MammothAnalyticsResponseValidationError({
        operation,
        status: response.status,
        headers: redactForError(response.headers, names),
        body: maskSecretFields(text.length > 16_384 ? text.slice(0, 16_384) : text),
        reason,
        ...(cause === undefined ? {} : { cause })
      })
    ))

const decodeJob = Schema.decodeUnknownEither(JobFromResponse, { errors: "first", onExcessProperty: "ignore" })

const decodeAccepted = Schema.decodeUnknownEither(CreateAccepted, { errors: "first", onExcessProperty: "ignore" })

const noJob: CreateJob = { _tag: "Job", jobId: null, statusCode: null, failureReason: null }

const decodeList = Schema.decodeUnknownEither(ListConnectionsSchema, { errors: "first", onExcessProperty: "ignore" })

/**
 * Decodes an answer for `operation`: the success value on any 2xx, else the error of its kind.
 */
export const decodeAnswer = <A>(
  operation: Operation<any, A>,
  response: HttpClientResponse.HttpClientResponse,
  limits: BodyLimits
): Effect.Effect<A, AnswerError> => {
  const status = response.status
  if (status < 200 || status >= 300) {
    return Effect.mapError(
      failureOf(operation, response, limits),
      (error): AnswerError => error._tag === "ResponseError" ? bodyReadFailed(operation.id)(error) : error
    )
  }
  const success = operation.success
  return readBody(response, limits.maxResponseBytes).pipe(
    Effect.mapError(bodyReadFailed(operation.id)),
    Effect.flatMap(({ text, truncated }): Effect.Effect<A, AnswerError> => {
      if (truncated) {
        return invalidBody(operation.id, response, text, `the body is larger than ${limits.maxResponseBytes} bytes`)
      }
      if (success.body === "none") return Effect.void as Effect.Effect<A>
      if (text.length === 0) {
        // The spec types get and update bodies as `{}`: an empty one is taken as no value. An empty 202 of
        // create was still accepted: a job the server names no id of, so there is nothing to await.
        if (success.body === "json") return Effect.succeed(null as A)
        if (success.body === "create") {
          return Effect.succeed(
            (status === 202 ? noJob : { _tag: "Created", body: null }) as A
          )
        }
        return invalidBody(operation.id, response, text, "the body is empty")
      }
      const json = parseJson(text)
      if (Either.isLeft(json)) {
        const contentType = response.headers["content-type"]
        return invalidBody(
          operation.id,
          response,
          text,
          contentType === undefined ? json.left : `${json.left} (content-type ${contentType.slice(0, 100)})`
        )
      }
      switch (success.body) {
        case "json":
          return Effect.succeed(json.right as A)
        case "job":
          return decodedOr(operation.id, response, text, decodeJob(json.right), "the body does not match JobResponse")
        case "create":
          // a 201 (the reference contract) or any other 2xx: the connection exists, the body is the server's
          if (status !== 202) return Effect.succeed({ _tag: "Created", body: json.right } as A)
          // a 202 may hold an OAuth token: name where it is wrong, never what it holds
          return decodedOr(
            operation.id,
            response,
            text,
            decodeAccepted(json.right),
            "the 202 body is neither an OAuth exchange nor a job",
            false
          )
        case "list":
          if (isWireList(json.right)) return Effect.succeed(toConnectionList(json.right) as A)
          return decodedOr(
            operation.id,
            response,
            text,
            Either.map(decodeList(json.right), toConnectionList),
            "the body does not match ListConnectionsSchema"
          )
      }
    })
  )
}

/**
 * The decoded value, or the body refused with `what` and where it is wrong. `quote: false` for bodies that may
 * hold a credential: the reason names paths only, and the ParseError (which quotes values) is not kept.
 */
const decodedOr = <A, B>(
  operation: OperationId,
  response: HttpClientResponse.HttpClientResponse,
  text: string,
  decoded: Either.Either<B, ParseResult.ParseError>,
  what: string,
  quote = true
): Effect.Effect<A, AnswerError> =>
  Either.isRight(decoded)
    ? Effect.succeed(decoded.right as unknown as A)
    : invalidBody(
      operation,
      response,
      text,
      `${what}: ${quote ? firstIssue(decoded.left) : issuePaths(decoded.left)}`,
      quote ? decoded.left : undefined
    )

/** Where a body is wrong, by path only: `at [job_id]`. */
const issuePaths = (error: ParseResult.ParseError): string => {
  const paths = ParseResult.ArrayFormatter.formatErrorSync(error).slice(0, 3).map((issue) =>
    `at [${issue.path.map(String).join(", ")}]`
  )
  return paths.length === 0 ? "invalid" : `${paths.join("; ")}: not of the expected type`
}

const firstIssue = (error: ParseResult.ParseError): string => {
  const issue = ParseResult.ArrayFormatter.formatErrorSync(error)[0]
  if (issue === undefined) return "invalid"
  const message = issue.message.length > 200 ? `${issue.message.slice(0, 200)}...` : issue.message
  return `at [${issue.path.map(String).join(", ")}]: ${message}`
}
