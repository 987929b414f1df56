/**
 * Where an answer is read and decoded, on effect 4: the body is read within its limit (streamed and cut when it is
 * compressed or of unknown length), then `core/answer.ts` settles what it is, with this line's schemas
 * (`./wire.ts`) for the bodies a schema decides, and the error it is becomes this line's class of its tag.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Headers from "effect/http/Headers"
import type * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as Stream from "effect/Stream"
import type { AnswerErrorTag, BodyLimits, ReadBody } from "../../core/answer.js"
import {
  BodyCollector,
  bodyLimit,
  bodyReadFailed,
  hasNoBody,
  noBody,
  readsWhole,
  settleAnswer
} from "../../core/answer.js"
import type { ErrorFieldsByTag } from "../../core/errors.js"
import { plainRedactedHeaders } from "../../core/headers.js"
import type { ErrorTable, OperationId, SuccessSpec } from "../../core/operations.js"
import type { KnownSecrets } from "../../core/secrets.js"
import type { MammothAnalyticsDefaultError, MammothAnalyticsTransportError, TableError } from "../Errors.js"
import {
  MammothAnalyticsClientError,
  MammothAnalyticsDefaultError as DefaultError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsResponseValidationError,
  MammothAnalyticsUnauthorizedError,
  MammothAnalyticsValidationError
} from "../Errors.js"
import type { ConnectionList, CreateConnectionResult, Job } from "../Schemas.js"
import { transportError } from "./transport.js"
import { decode } from "./wire.js"

/** The success value of each kind of 2xx body (`SuccessSpec.body`). */
export interface Successes {
  readonly list: ConnectionList
  readonly create: CreateConnectionResult
  readonly job: Job
  readonly json: unknown
  readonly none: void
}

/** The errors an answer of an operation with the status table `T` can be (a body cut short included). */
export type AnswerError<T extends ErrorTable = ErrorTable> =
  | TableError<T>
  | MammothAnalyticsDefaultError
  | MammothAnalyticsResponseValidationError
  | MammothAnalyticsTransportError

/** The class of each tag an answer's error can have. */
const classes: { readonly [K in AnswerErrorTag]: new(fields: ErrorFieldsByTag[K]) => AnswerError } = {
  MammothAnalyticsClientError,
  MammothAnalyticsValidationError,
  MammothAnalyticsUnauthorizedError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsDefaultError: DefaultError,
  MammothAnalyticsResponseValidationError
}

/** Reads the body as UTF-8 text, at most `limit` bytes. */
const readBody = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<ReadBody, HttpClientError.HttpClientError> => {
  if (hasNoBody(response.status)) return Effect.succeed(noBody)
  if (readsWhole(response.headers, limit)) return Effect.map(response.text, (text) => ({ text, truncated: false }))
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

/**
 * Decodes an answer of `operation`: its success value on a 2xx, else the error of its kind, which keeps none of the
 * credentials `secrets` a server may echo. A body cut short is a transport failure.
 */
export const decodeAnswer = <T extends ErrorTable, B extends SuccessSpec["body"]>(
  operation: { readonly id: OperationId; readonly errors: T; readonly success: { readonly body: B } },
  response: HttpClientResponse.HttpClientResponse,
  limits: BodyLimits,
  secrets: KnownSecrets
): Effect.Effect<Successes[B], AnswerError<T>> =>
  readBody(response, bodyLimit(response.status, limits)).pipe(
    Effect.mapError((error) =>
      transportError(operation.id, error.request, error.reason.cause, bodyReadFailed(response.status))
    ),
    Effect.flatMap((body) =>
      Effect.flatMap(Effect.service(Headers.CurrentRedactedNames), (names) => {
        const settled = settleAnswer(
          operation,
          {
            status: response.status,
            headers: () => plainRedactedHeaders(Headers.redact(response.headers, names)),
            contentType: response.headers["content-type"],
            body
          },
          limits,
          decode,
          secrets
        )
        if (settled.ok) return Effect.succeed(settled.value as Successes[B])
        const { fields, tag } = settled.error
        // `settleAnswer` gives a status a class of its own only when `operation.errors` names it
        return Effect.fail(new classes[tag](fields as never) as AnswerError<T>)
      })
    )
  )
