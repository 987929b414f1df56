/**
 * Where an answer is decoded: the body is read within a size limit, the status is matched against the
 * operation's status table, and the body is decoded into the success value or into the error of its kind.
 * What a body of each kind is (`core/answer.ts`) and which error a status is (`core/errorBody.ts`) are the same
 * on both Effect lines; here are the platform's response, effect 3's schemas and this line's error classes.
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
import type { BodyIssue, BodyLimits, BodySchema, IssueKind, ReadBody } from "../../core/answer.js"
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
import { toConnectionList } from "../../core/list.js"
import type { ErrorTable, Operation } from "../ConnectionsApi.js"
import type {
  ErrorBodyFields,
  MammothAnalyticsTransportError,
  OperationId,
  StatusErrors,
  TableError
} from "../Errors.js"
import {
  MammothAnalyticsClientError,
  MammothAnalyticsDefaultError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsResponseValidationError,
  MammothAnalyticsUnauthorizedError,
  MammothAnalyticsValidationError
} from "../Errors.js"
import { CreateAccepted, JobFromResponse, ListConnectionsSchema } from "../Schemas.js"
import { redactForError } from "./headers.js"
import { transportError } from "./redaction.js"

export type { BodyLimits } from "../../core/answer.js"

/** The errors an answer can be decoded into (transport failures while reading included). */
export type AnswerError =
  | TableError<ErrorTable>
  | MammothAnalyticsDefaultError
  | MammothAnalyticsResponseValidationError
  | MammothAnalyticsTransportError

/**
 * Reads the body as UTF-8 text, at most `limit` bytes as the transport hands them over: when the server says how
 * long it is and the body is not encoded, a body within the limit is read in one go; otherwise (an encoded body
 * too, which fetch inflates) it is streamed and reading stops at the limit.
 */
const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<ReadBody, HttpClientError.ResponseError> => {
  if (hasNoBody(response.status)) return Effect.succeed(noBody)
  if (readsWhole(response.headers, limit)) {
    return Effect.map(response.text, (text) => ({ text, truncated: false }))
  }
  return Effect.suspend(() => {
    const collector = new BodyCollector(limit)
    return response.stream.pipe(
      Stream.runForEachWhile((chunk) => Effect.sync(() => collector.push(chunk))),
      Effect.map(() => collector.result()),
      // fetch gives other null-body statuses (205) no body either, which its stream reports as `EmptyBody`
      Effect.catchIf((error) => error.reason === "EmptyBody", () => Effect.succeed(noBody))
    )
  })
}

/** A body read failure (the connection dropped mid-body) is a transport failure. */
const bodyReadFailure =
  (operation: OperationId) => (error: HttpClientError.ResponseError): MammothAnalyticsTransportError =>
    transportError(
      operation,
      new HttpClientError.RequestError({
        request: error.request,
        reason: "Transport",
        cause: error.cause,
        description: bodyReadFailed(error.response.status)
      })
    )

/** The class of each kind of status error. */
const statusErrors: { readonly [K in keyof StatusErrors]: new(fields: ErrorBodyFields) => StatusErrors[K] } = {
  ClientError: MammothAnalyticsClientError,
  ValidationError: MammothAnalyticsValidationError,
  Unauthorized: MammothAnalyticsUnauthorizedError,
  Forbidden: MammothAnalyticsForbiddenError
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
      const common = {
        operation: operation.id,
        status: response.status,
        headers: redactForError(response.headers, redactedNames),
        body: errorBodyText(text, limits.errorBodyBytes)
      }
      const classified = classifyStatus(operation.errors, response.status, text)
      return Effect.fail(
        classified.kind === "Default"
          ? new MammothAnalyticsDefaultError(common)
          : new statusErrors[classified.kind]({ ...common, ...classified.fields })
      )
    }
  )

/**
 * The error of a refused 2xx body: its reason, and its body masked (`refusedBodyText`: the values the schema
 * refused, at `issues`, too). The schema's `ParseError` is not kept as `cause`: its message and its issues quote the values it
 * refused, and those may be a connection's password or an OAuth token. The reason names where and how the body
 * was wrong instead.
 */
const invalidBody = (
  operation: OperationId,
  response: HttpClientResponse.HttpClientResponse,
  text: string,
  reason: string,
  issues: ReadonlyArray<BodyIssue> = []
) =>
  Effect.flatMap(FiberRef.get(Headers.currentRedactedNames), (names) =>
    Effect.fail(
      new MammothAnalyticsResponseValidationError({
        operation,
        status: response.status,
        headers: redactForError(response.headers, names),
        body: refusedBodyText(text, issues),
        reason
      })
    ))

const decodeOptions = { errors: "first", onExcessProperty: "ignore" } as const

const decodeList = Schema.decodeUnknownEither(ListConnectionsSchema, decodeOptions)

/** The decoder of each body schema (a list is renamed to camelCase, as the fast path does). */
const decoders: Readonly<Record<BodySchema, (json: unknown) => Either.Either<unknown, ParseResult.ParseError>>> = {
  job: Schema.decodeUnknownEither(JobFromResponse, decodeOptions),
  accepted: Schema.decodeUnknownEither(CreateAccepted, decodeOptions),
  list: (json) => Either.map(decodeList(json), toConnectionList)
}

/**
 * Decodes an answer for `operation`: the success value on any 2xx, else the error of its kind. The value's
 * type is the operation's (`A`): the description's `success.body` names the schema that gives it.
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
      (error): AnswerError => error._tag === "ResponseError" ? bodyReadFailure(operation.id)(error) : error
    )
  }
  return readBody(response, limits.maxResponseBytes).pipe(
    Effect.mapError(bodyReadFailure(operation.id)),
    Effect.flatMap((body): Effect.Effect<A, AnswerError> => {
      const reading = successReaders[operation.success.body]({
        status,
        body,
        contentType: response.headers["content-type"],
        maxResponseBytes: limits.maxResponseBytes
      })
      switch (reading.kind) {
        case "value":
          return Effect.succeed(reading.value as A)
        case "refused":
          return invalidBody(operation.id, response, body.text, reading.reason)
        case "decode": {
          const decoded = decoders[reading.schema](reading.json)
          if (Either.isRight(decoded)) return Effect.succeed(decoded.right as A)
          const issues = issuesOf(decoded.left)
          return invalidBody(operation.id, response, body.text, refusalReason(reading.what, issues), issues)
        }
      }
    })
  )
}

/** The kind of each issue the array formatter gives (a `Composite` with a message of its own is a union's). */
const issueKinds: Readonly<Record<ParseResult.ArrayFormatterIssue["_tag"], IssueKind>> = {
  Missing: "missing",
  Type: "type",
  Unexpected: "unexpected",
  Refinement: "value",
  Transformation: "value",
  Composite: "shape",
  Forbidden: "other",
  Pointer: "other"
}

/** Where a schema refused a body, and how; its messages (which quote the values) are dropped. */
const issuesOf = (error: ParseResult.ParseError): ReadonlyArray<BodyIssue> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => ({
    path: issue.path,
    kind: issueKinds[issue._tag]
  }))
