/**
 * The feature-equal hand-written Effect client on the Effect 3 line (`v3-featured-*`, issue 21): what an expert
 * writes by hand, in idiomatic Effect, to give a list and a create every guarantee this library gives them. The fair peer of
 * "Performance 3": the same work, none of this library's code.
 *
 * - the input decoded with `Schema` (workspace and project ids integers >= 1, a non-empty connector key);
 * - the credentials `Redacted` until sent, and the headers that carry them added to `Headers.currentRedactedNames`;
 * - each attempt under `Effect.timeout`;
 * - `Effect.retry` with a jittered, capped exponential `Schedule` that waits at least what a `Retry-After` asks
 *   (up to 10 s), for transient failures only, and never sends again a request that is not idempotent (a create)
 *   unless the server cannot have taken it (429, connection refused);
 * - a debug log line for each failed attempt;
 * - `HttpClientResponse.matchStatus` into tagged errors: 400, 401, 403, any other status;
 * - the body read as a stream and cut at a byte limit (64 MiB by default: a `content-length` may be absent or
 *   wrong), then decoded with `Schema` from JSON into camelCase;
 * - one `Effect.withSpan` per operation.
 *
 * Frozen once committed: the optimization work of issue 21 compares this library with it, so it is changed only to
 * give a guarantee the library gives (the sanity tests, test/bench/featured.test.ts and test/v4/featured.test.ts,
 * check that it does).
 */
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as Cause from "effect/Cause"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { flow } from "effect/Function"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { ListSize } from "../fixtures.js"
import { connectorKey, projectId } from "../fixtures.js"
import { apiKey, apiSecret } from "./common.js"
import type { Contender } from "./common.js"
import { fromRuntime } from "./v3-runtime.js"

// --- what the expert writes ---------------------------------------------------------------------------------

const PositiveInt = Schema.Int.pipe(Schema.greaterThanOrEqualTo(1))

export const ListInput = Schema.Struct({
  workspaceId: PositiveInt,
  projectId: PositiveInt,
  // "." and ".." would be read as path segments by the server
  connectorKey: Schema.NonEmptyString.pipe(Schema.filter((key) => key !== "." && key !== ".."))
})
export type ListInput = typeof ListInput.Type

export const CreateInput = Schema.Struct({
  ...ListInput.fields,
  requestBody: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
export type CreateInput = typeof CreateInput.Type

const Connection = Schema.Struct({
  connectionKey: Schema.propertySignature(Schema.NonEmptyString).pipe(Schema.fromKey("connection_key")),
  connectionConfig: Schema.propertySignature(Schema.Record({ key: Schema.String, value: Schema.Unknown })).pipe(
    Schema.fromKey("connection_config")
  )
})
export const ConnectionList = Schema.Struct({ connections: Schema.Array(Connection) })
export type ConnectionList = typeof ConnectionList.Type

const decodeList = Schema.decodeUnknown(Schema.parseJson(ConnectionList))
const decodeErrorBody = Schema.decodeUnknownOption(
  Schema.parseJson(Schema.Struct({ status_code: Schema.Int, detail: Schema.String }))
)

export class FeaturedInvalidInput extends Data.TaggedError("FeaturedInvalidInput")<{ readonly reason: string }> {}
export class FeaturedBadRequest extends Data.TaggedError("FeaturedBadRequest")<{ readonly detail: string }> {}
export class FeaturedUnauthorized extends Data.TaggedError("FeaturedUnauthorized")<{ readonly detail: string }> {}
export class FeaturedForbidden extends Data.TaggedError("FeaturedForbidden")<{ readonly detail: string }> {}
export class FeaturedStatusError extends Data.TaggedError("FeaturedStatusError")<{
  readonly status: number
  readonly detail: string
  /** What the server's `Retry-After` asked for, if anything. */
  readonly retryAfter: Duration.Duration | undefined
}> {}
/** The request was not answered, or the body could not be read. Carries no request: its headers hold secrets. */
export class FeaturedTransportError extends Data.TaggedError("FeaturedTransportError")<{
  readonly reason: string
  readonly code: string | undefined
}> {}
/** A 2xx body that is too large, not JSON, or not a connection list: where, never a value from it. */
export class FeaturedInvalidResponse extends Data.TaggedError("FeaturedInvalidResponse")<{ readonly reason: string }> {}

export type ListError =
  | FeaturedInvalidInput
  | FeaturedBadRequest
  | FeaturedUnauthorized
  | FeaturedForbidden
  | FeaturedStatusError
  | FeaturedTransportError
  | FeaturedInvalidResponse
  | Cause.TimeoutException

const secretHeaders = ["authorization", "x-api-key", "x-api-secret"]
const utf8 = new TextDecoder()

/**
 * The body as text, at most `limit` bytes: read whole when a plain `content-length` within the limit announces it
 * (the client stops at that length), else as a stream cut at `limit` bytes: a larger body is refused, not read to
 * its end.
 */
const readText = (response: HttpClientResponse.HttpClientResponse, limit: number) => {
  const length = response.headers["content-length"]
  const announced = response.headers["content-encoding"] === undefined && length !== undefined &&
    /^[0-9]+$/.test(length)
  if (announced && Number(length) <= limit) {
    return Effect.mapError(
      response.text,
      (error) => new FeaturedTransportError({ reason: error.message, code: undefined })
    )
  }
  return Effect.suspend(() => {
    const chunks: Array<Uint8Array> = []
    let size = 0
    return response.stream.pipe(
      Stream.runForEachWhile((chunk) =>
        Effect.sync(() => {
          size += chunk.length
          chunks.push(chunk)
          return size <= limit
        })
      ),
      Effect.mapError((error) => new FeaturedTransportError({ reason: error.message, code: undefined })),
      Effect.flatMap(() => {
        if (size > limit) return Effect.fail(new FeaturedInvalidResponse({ reason: `larger than ${limit} bytes` }))
        const all = new Uint8Array(size)
        let offset = 0
        for (const chunk of chunks) {
          all.set(chunk, offset)
          offset += chunk.length
        }
        return Effect.succeed(utf8.decode(all))
      })
    )
  })
}

/** A `Retry-After` of seconds or an HTTP date. */
const retryAfterOf = (response: HttpClientResponse.HttpClientResponse): Duration.Duration | undefined => {
  const value = response.headers["retry-after"]?.trim()
  if (value === undefined || value === "") return undefined
  if (/^[0-9]+$/.test(value)) return Duration.seconds(Number(value))
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Duration.millis(Math.max(0, date - Date.now()))
}

const transientStatuses = new Set([408, 429, 500, 502, 503, 504])

const isTransient = (error: ListError): boolean =>
  error._tag === "FeaturedTransportError" || error._tag === "TimeoutException" ||
  (error._tag === "FeaturedStatusError" && transientStatuses.has(error.status))

/** A request that is not idempotent (a create) is sent again only if the server cannot have taken it. */
const notTaken = (error: ListError): boolean =>
  (error._tag === "FeaturedStatusError" && error.status === 429) ||
  (error._tag === "FeaturedTransportError" && error.code === "ECONNREFUSED")

const maxRetryAfter = Duration.seconds(10)

/** 200 ms, 400 ms, ... at most 3 s each, jittered, 4 retries within 15 s; longer when `Retry-After` asks. */
const retrySchedule = Schedule.exponential("200 millis").pipe(
  Schedule.modifyDelay((_, delay) => Duration.min(delay, Duration.seconds(3))),
  Schedule.jittered,
  Schedule.intersect(Schedule.recurs(4)),
  Schedule.upTo("15 seconds"),
  Schedule.passthrough,
  Schedule.modifyDelay((failure: unknown, delay) =>
    failure instanceof FeaturedStatusError && failure.retryAfter !== undefined
      ? Duration.max(delay, Duration.min(failure.retryAfter, maxRetryAfter))
      : delay
  )
)

export interface FeaturedConfig {
  readonly baseUrl: string
  readonly apiKey: Redacted.Redacted
  readonly apiSecret: Redacted.Redacted
  /** Of each attempt. Default 10 s. */
  readonly timeout?: Duration.DurationInput
  /** The largest 2xx body read. Default 64 MiB. */
  readonly maxBodyBytes?: number
}

export class Mammoth extends Context.Tag("bench/FeaturedMammoth")<Mammoth, {
  readonly list: (input: ListInput) => Effect.Effect<ConnectionList, ListError>
  /** The server's answer as JSON (`null` when empty): a job to await, or the connection. */
  readonly create: (input: CreateInput) => Effect.Effect<unknown, ListError>
}>() {}

export const layer = (config: FeaturedConfig) =>
  Layer.effect(
    Mammoth,
    Effect.gen(function*() {
      const timeout = Duration.decode(config.timeout ?? "10 seconds")
      const maxBodyBytes = config.maxBodyBytes ?? 64 * 1024 * 1024
      const client = (yield* HttpClient.HttpClient).pipe(
        HttpClient.mapRequest(flow(
          HttpClientRequest.prependUrl(config.baseUrl),
          HttpClientRequest.acceptJson,
          HttpClientRequest.setHeaders({
            "user-agent": "featured-bench/1.0",
            "x-api-key": Redacted.value(config.apiKey),
            "x-api-secret": Redacted.value(config.apiSecret)
          })
        ))
      )

      /** A non-2xx answer: its `detail` from the API's error body (16 KiB read at most), else the status. */
      const failWith =
        <E>(make: (status: number, detail: string) => E) =>
        (response: HttpClientResponse.HttpClientResponse): Effect.Effect<never, E | ListError> =>
          readText(response, 16 * 1024).pipe(
            Effect.orElseSucceed(() => ""),
            Effect.flatMap((text) => {
              const detail = Option.match(decodeErrorBody(text), {
                onNone: () => `HTTP ${response.status}`,
                onSome: (body) => body.detail
              })
              return Effect.fail(make(response.status, detail))
            })
          )

      /** One request, its answer matched by status, within the attempt's timeout. */
      const attempt = <A>(
        request: HttpClientRequest.HttpClientRequest,
        decode: (text: string) => Effect.Effect<A, ListError>
      ): Effect.Effect<A, ListError> =>
        client.execute(request).pipe(
          Effect.mapError((error) =>
            new FeaturedTransportError({
              reason: error.message,
              code: (error.cause as { readonly code?: string } | undefined)?.code
            })
          ),
          Effect.flatMap(HttpClientResponse.matchStatus({
            "2xx": (response) => Effect.flatMap(readText(response, maxBodyBytes), decode),
            400: failWith((_, detail) => new FeaturedBadRequest({ detail })),
            401: failWith((_, detail) => new FeaturedUnauthorized({ detail })),
            403: failWith((_, detail) => new FeaturedForbidden({ detail })),
            orElse: (response) =>
              failWith((status, detail) =>
                new FeaturedStatusError({ status, detail, retryAfter: retryAfterOf(response) })
              )(response)
          })),
          Effect.timeout(timeout),
          Effect.tapError((error) => Effect.logDebug(`${request.method} ${request.url} failed: ${error._tag}`))
        )

      /** An operation: retried when transient (a request that is not idempotent only when not taken), in a span. */
      const call = <A>(
        name: string,
        attributes: Record<string, unknown>,
        idempotent: boolean,
        request: Effect.Effect<HttpClientRequest.HttpClientRequest, ListError>,
        decode: (text: string) => Effect.Effect<A, ListError>
      ): Effect.Effect<A, ListError> =>
        request.pipe(
          Effect.flatMap((request) =>
            Effect.retry(attempt(request, decode), {
              schedule: retrySchedule,
              while: (error) => isTransient(error) && (idempotent || notTaken(error))
            })
          ),
          Effect.withSpan(name, { attributes }),
          Effect.locallyWith(Headers.currentRedactedNames, (names) => [...names, ...secretHeaders])
        )

      const collectionPath = (input: ListInput) =>
        `/workspaces/${input.workspaceId}/projects/${input.projectId}/connectors/${
          encodeURIComponent(input.connectorKey)
        }/connections`
      // the API wants the workspace again in a header with key and secret
      const workspaceHeader = (input: ListInput) => ({ "x-workspace-id": String(input.workspaceId) })
      const invalidInput = (error: { readonly message: string }) => new FeaturedInvalidInput({ reason: error.message })

      const listRequest = (input: unknown) =>
        Schema.decodeUnknown(ListInput)(input).pipe(
          Effect.mapError(invalidInput),
          Effect.map((input) => HttpClientRequest.get(collectionPath(input), { headers: workspaceHeader(input) }))
        )

      const createRequest = (input: unknown) =>
        Schema.decodeUnknown(CreateInput)(input).pipe(
          Effect.mapError(invalidInput),
          Effect.map((input) =>
            HttpClientRequest.post(collectionPath(input), { headers: workspaceHeader(input) }).pipe(
              HttpClientRequest.bodyText(JSON.stringify(input.requestBody), "application/json")
            )
          )
        )

      const decodeCreated = (text: string) =>
        text === ""
          ? Effect.succeed(null)
          : Effect.try({
            try: (): unknown => JSON.parse(text),
            catch: () => new FeaturedInvalidResponse({ reason: "not JSON" })
          })

      const decodeConnectionList = (text: string) =>
        Effect.mapError(decodeList(text), (error) =>
          new FeaturedInvalidResponse({
            // paths only: a schema's message quotes the value, and a connection's configuration holds secrets
            reason: `not a connection list at ${
              ParseResult.ArrayFormatter.formatErrorSync(error).map((issue) => issue.path.join(".")).join(", ")
            }`
          }))

      return Mammoth.of({
        list: (input) =>
          call(
            "Featured.connections.list",
            { workspaceId: input.workspaceId, projectId: input.projectId, connectorKey: input.connectorKey },
            true,
            listRequest(input),
            decodeConnectionList
          ),
        create: (input) =>
          call(
            "Featured.connections.create",
            { workspaceId: input.workspaceId, projectId: input.projectId, connectorKey: input.connectorKey },
            false,
            createRequest(input),
            decodeCreated
          )
      })
    })
  )

// --- the contender ------------------------------------------------------------------------------------------

export interface FeaturedOptions {
  /** The largest 2xx body read (the sanity test's oversized body). */
  readonly maxBodyBytes?: number
}

export const make = async (
  baseUrl: string,
  httpClient: Layer.Layer<HttpClient.HttpClient>,
  options: FeaturedOptions = {}
): Promise<Contender> => {
  const live = layer({
    baseUrl,
    apiKey: Redacted.make(apiKey),
    apiSecret: Redacted.make(apiSecret),
    ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes })
  })
  const runtime = ManagedRuntime.make(live.pipe(Layer.provide(httpClient)))
  const mammoth = await runtime.runPromise(Mammoth)
  return fromRuntime(runtime, (size: ListSize) => mammoth.list({ workspaceId: size, projectId, connectorKey }))
}
