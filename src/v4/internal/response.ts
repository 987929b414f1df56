/**
 * Where an answer is decoded, on effect 4: the body is read within a size limit, the status is matched against the
 * operation's status table, and the body is decoded into the success value or into the error of its kind. What a
 * body of each kind is (`core/answer.ts`) and which error a status is (`core/errorBody.ts`) are the same on both
 * Effect lines; here are `effect/http`'s response, effect 4's schemas and this line's error classes.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Headers from "effect/http/Headers"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as SchemaIssue from "effect/SchemaIssue"
import * as Stream from "effect/Stream"
import type { BodyIssue, BodyLimits, BodySchema, ReadBody, Reading, SuccessAnswer } from "../../core/answer.js"
import {
  BodyCollector,
  bodyReadFailed,
  errorBodyText,
  hasNoBody,
  noBody,
  readsWhole,
  refusalReason,
  refusedBodyText,
  successReaders
} from "../../core/answer.js"
import { classifyStatus } from "../../core/errorBody.js"
import { plainRedactedHeaders } from "../../core/headers.js"
import { toConnectionList } from "../../core/list.js"
import type { ErrorTable, OperationId, SuccessSpec } from "../../core/operations.js"
import type { ErrorBodyFields, MammothAnalyticsTransportError, StatusErrors, TableError } from "../Errors.js"
import {
  MammothAnalyticsClientError,
  MammothAnalyticsDefaultError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsResponseValidationError,
  MammothAnalyticsUnauthorizedError,
  MammothAnalyticsValidationError
} from "../Errors.js"
import type { ConnectionList, CreateConnectionResult, Job } from "../Schemas.js"
import { CreateAccepted, JobFromResponse, ListConnectionsSchema } from "../Schemas.js"
import { transportError } from "./transport.js"

/** The success value of each kind of 2xx body (`SuccessSpec.body`). */
export interface Successes {
  readonly list: ConnectionList
  readonly create: CreateConnectionResult
  readonly job: Job
  readonly json: unknown
  readonly none: void
}

export type { BodyLimits } from "../../core/answer.js"

/**
 * The errors an answer of an operation with the status table `T` can be decoded into (transport failures while
 * reading included).
 */
export type AnswerError<T extends ErrorTable = ErrorTable> =
  | TableError<T>
  | MammothAnalyticsDefaultError
  | MammothAnalyticsResponseValidationError
  | MammothAnalyticsTransportError

/**
 * Reads the body as UTF-8 text, at most `limit` bytes as the transport hands them over: in one go when the server
 * says it is within the limit and it is not encoded, else (an encoded body too, which fetch inflates) streamed,
 * stopping at the limit.
 */
const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<ReadBody, HttpClientError.HttpClientError> => {
  if (hasNoBody(response.status)) return Effect.succeed(noBody)
  if (readsWhole(response.headers, limit)) {
    return Effect.map(response.text, (text) => ({ text, truncated: false }))
  }
  return Effect.suspend(() => {
    const collector = new BodyCollector(limit)
    return response.stream.pipe(
      Stream.runForEachWhile((chunk) => Effect.sync(() => collector.push(chunk))),
      Effect.map(() => collector.result()),
      // fetch gives other null-body statuses (205) no body either, which its stream reports as `EmptyBodyError`
      Effect.catchIf((error) => error.reason._tag === "EmptyBodyError", () => Effect.succeed(noBody))
    )
  })
}

/** A body read failure (the connection dropped mid-body) is a transport failure. */
const bodyReadFailure = (
  operation: OperationId,
  response: HttpClientResponse.HttpClientResponse,
  error: HttpClientError.HttpClientError
): MammothAnalyticsTransportError =>
  transportError(operation, error.request, error.reason.cause, bodyReadFailed(response.status))

/** The class of each kind of status error. */
const statusErrors: { readonly [K in keyof StatusErrors]: new(fields: ErrorBodyFields) => StatusErrors[K] } = {
  ClientError: MammothAnalyticsClientError,
  ValidationError: MammothAnalyticsValidationError,
  Unauthorized: MammothAnalyticsUnauthorizedError,
  Forbidden: MammothAnalyticsForbiddenError
}

/** The response's headers as errors keep them: secret ones `<redacted>`, by the names redacted in this fiber. */
const errorHeaders = (response: HttpClientResponse.HttpClientResponse) =>
  Effect.map(
    Effect.service(Headers.CurrentRedactedNames),
    (names) => plainRedactedHeaders(Headers.redact(response.headers, names))
  )

/** Turns a non-2xx answer into the error its status and body name, per the operation's table `T`. */
const failureOf = <T extends ErrorTable>(
  operation: { readonly id: OperationId; readonly errors: T },
  response: HttpClientResponse.HttpClientResponse,
  limits: BodyLimits
): Effect.Effect<never, AnswerError<T>> =>
  Effect.flatMap(
    Effect.all([
      Effect.mapError(
        readBody(response, limits.errorBodyBytes),
        (error) => bodyReadFailure(operation.id, response, error)
      ),
      errorHeaders(response)
    ]),
    ([{ text }, headers]): Effect.Effect<never, AnswerError<T>> => {
      const common = {
        operation: operation.id,
        status: response.status,
        headers,
        body: errorBodyText(text, limits.errorBodyBytes)
      }
      const classified = classifyStatus(operation.errors, response.status, text)
      if (classified.kind === "Default") return Effect.fail(new MammothAnalyticsDefaultError(common))
      // `classifyStatus` gives a status its own kind only when the table `T` names it: the kinds of
      // `TableKinds<T>`, so the class is one of `TableError<T>` (of `AnswerError<T>`)
      return Effect.fail(new statusErrors[classified.kind]({ ...common, ...classified.fields }) as AnswerError<T>)
    }
  )

/**
 * The error of a refused 2xx body: its reason, and its body masked (`refusedBodyText`: the values the schema
 * refused, at `issues`, too). The schema's `SchemaError` is not kept as `cause`: its message quotes the values it
 * refused, and those may be a connection's password or an OAuth token. The reason names where and how the body
 * was wrong instead.
 */
const invalidBody = (
  operation: OperationId,
  response: HttpClientResponse.HttpClientResponse,
  text: string,
  reason: string,
  issues: ReadonlyArray<BodyIssue> = []
): Effect.Effect<never, MammothAnalyticsResponseValidationError> =>
  Effect.flatMap(errorHeaders(response), (headers) =>
    Effect.fail(
      new MammothAnalyticsResponseValidationError({
        operation,
        status: response.status,
        headers,
        body: refusedBodyText(text, issues),
        reason
      })
    ))

/**
 * Where a schema refused a body, and how: the issue tree's leaves, each its path and kind. Messages, which quote
 * the values, are not read.
 */
const issuesOf = (error: Schema.SchemaError): ReadonlyArray<BodyIssue> => {
  const issues: Array<BodyIssue> = []
  const walk = (issue: SchemaIssue.Issue, path: ReadonlyArray<PropertyKey>): void => {
    switch (issue._tag) {
      case "Pointer":
        return walk(issue.issue, [...path, ...issue.path])
      case "Composite":
        return issue.issues.forEach((inner) => walk(inner, path))
      case "AnyOf":
        // no member's issues: the value is of none of the members' types (`NullOr(Int)` given a string)
        if (issue.issues.length === 0) issues.push({ path, kind: "type" })
        return issue.issues.forEach((inner) => walk(inner, path))
      case "Encoding":
        return walk(issue.issue, path)
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
  walk(error.issue, [])
  return issues
}

/** A 2xx answer being decoded. */
interface Answer {
  readonly operation: OperationId
  readonly response: HttpClientResponse.HttpClientResponse
  readonly read: SuccessAnswer
}

/**
 * The value of a reading: at once, refused, or decoded by the schema it names (`decoders`, by schema). A schema's
 * refusal names where and how the body was wrong, never a value (`refusalReason`).
 */
const settle = <V, S extends BodySchema, D>(
  answer: Answer,
  reading: Reading<V, S>,
  decoders: { readonly [K in S]: (json: unknown) => Result.Result<D, Schema.SchemaError> }
): Effect.Effect<V | D, MammothAnalyticsResponseValidationError> => {
  switch (reading.kind) {
    case "value":
      return Effect.succeed(reading.value)
    case "refused":
      return invalidBody(answer.operation, answer.response, answer.read.body.text, reading.reason)
    case "decode": {
      const decoded = decoders[reading.schema](reading.json)
      if (Result.isSuccess(decoded)) return Effect.succeed(decoded.success)
      const issues = issuesOf(decoded.failure)
      return invalidBody(
        answer.operation,
        answer.response,
        answer.read.body.text,
        refusalReason(reading.what, issues),
        issues
      )
    }
  }
}

const decodeOptions = { errors: "first", onExcessProperty: "ignore" } as const

const decodeJob = Schema.decodeUnknownResult(JobFromResponse, decodeOptions)

const decodeAccepted = Schema.decodeUnknownResult(CreateAccepted, decodeOptions)

const decodeList = Schema.decodeUnknownResult(ListConnectionsSchema, decodeOptions)

/** How a 2xx body of each kind becomes its success value: the shared reading, then this line's schema. */
const successes: {
  readonly [K in SuccessSpec["body"]]: (
    answer: Answer
  ) => Effect.Effect<Successes[K], MammothAnalyticsResponseValidationError>
} = {
  none: (answer) => settle(answer, successReaders.none(answer.read), {}),
  json: (answer) => settle(answer, successReaders.json(answer.read), {}),
  list: (answer) =>
    settle(answer, successReaders.list(answer.read), {
      list: (json) => Result.map(decodeList(json), toConnectionList)
    }),
  create: (answer) => settle(answer, successReaders.create(answer.read), { accepted: decodeAccepted }),
  job: (answer) => settle(answer, successReaders.job(answer.read), { job: decodeJob })
}

/**
 * Decodes an answer for `operation`: the success value on any 2xx, else the error of its kind. The value's type
 * follows from the description's success kind (`Successes`).
 */
export const decodeAnswer = <T extends ErrorTable, B extends SuccessSpec["body"]>(
  operation: { readonly id: OperationId; readonly errors: T; readonly success: { readonly body: B } },
  response: HttpClientResponse.HttpClientResponse,
  limits: BodyLimits
): Effect.Effect<Successes[B], AnswerError<T>> => {
  const status = response.status
  if (status < 200 || status >= 300) return failureOf(operation, response, limits)
  const success = successes[operation.success.body]
  return Effect.flatMap(
    Effect.mapError(
      readBody(response, limits.maxResponseBytes),
      (error) => bodyReadFailure(operation.id, response, error)
    ),
    (body) =>
      success({
        operation: operation.id,
        response,
        read: {
          status,
          body,
          contentType: response.headers["content-type"],
          maxResponseBytes: limits.maxResponseBytes
        }
      })
  )
}
