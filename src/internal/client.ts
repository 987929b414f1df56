/**
 * Where an operation is sent: one attempt (request, per-attempt timeout, answer decoding), the retry policy
 * around it, the span, the debug logs and the redacted header names around that.
 *
 * Everything that can be done once per layer (headers, base URL, compiled validators and decoders, the
 * default retry schedule) is done in `makeConnections`; a call only builds its URL and body.
 *
 * @internal
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as Headers from "@effect/platform/Headers"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type * as Connections from "../Connections.js"
import * as Api from "../ConnectionsApi.js"
import type { Operation } from "../ConnectionsApi.js"
import { credentialProblem, headerProblem, layerHeaderNames, withSecretHeaderNames } from "../core/headers.js"
import { serverUrlProblem } from "../core/serverUrl.js"
import { MammothAnalyticsInvalidRequestError, MammothAnalyticsTimeoutError } from "../Errors.js"
import type { CallError, TableError } from "../Errors.js"
import type * as Jobs from "../Jobs.js"
import type { MammothAnalyticsOptions } from "../MammothAnalytics.js"
import * as RetryPolicy from "../RetryPolicy.js"
import { locallyWith, retrying, timeoutAttempt } from "./combinators.js"
import { decodeDuration } from "./duration.js"
import { makeAwait, makeCreateAndAwait } from "./jobs.js"
import { transportError } from "./redaction.js"
import { makeRequestBuilder } from "./request.js"
import type { AnswerError, BodyLimits } from "./response.js"
import { decodeAnswer } from "./response.js"
import { spanAttributes } from "./spans.js"
import { userAgent } from "./version.js"

/** The default base URL, from the spec's `servers`. */
export const defaultServerUrl = "https://app.mammoth.io/api/v2"

/** The default per-attempt timeout. */
export const defaultTimeout: Duration.Duration = Duration.seconds(10)

/** The default limit on a 2xx body: 64 MiB (a list of 10,000 connections is a few MiB). */
export const defaultMaxResponseBytes = 64 * 1024 * 1024

/** How much of an error body is read and kept. */
const errorBodyBytes = 16 * 1024

/**
 * The headers of the layer's credentials, or why they cannot be sent. With a key and secret, every call also
 * sends `X-WORKSPACE-ID` (its `workspaceId`), as the API requires with them.
 */
const authOf = (
  options: MammothAnalyticsOptions
):
  | { readonly headers: Record<string, string>; readonly sendsWorkspace: boolean; readonly problem?: undefined }
  | { readonly problem: string } =>
{
  const { apiKey, apiSecret, apiToken } = options as {
    readonly apiToken?: Redacted.Redacted<string> | undefined
    readonly apiKey?: Redacted.Redacted<string> | undefined
    readonly apiSecret?: Redacted.Redacted<string> | undefined
  }
  if (apiToken !== undefined) {
    if (apiKey !== undefined || apiSecret !== undefined) {
      return { problem: "give either apiToken, or apiKey and apiSecret, not both" }
    }
    const token: unknown = Redacted.isRedacted(apiToken) ? Redacted.value(apiToken) : undefined
    const problem = typeof token !== "string"
      ? "apiToken must be a Redacted string"
      : credentialProblem("apiToken", token)
    return problem !== undefined
      ? { problem }
      : { headers: { authorization: `Bearer ${token}` }, sendsWorkspace: false }
  }
  if (apiKey === undefined || apiSecret === undefined) {
    return { problem: "no credentials: give apiToken, or apiKey and apiSecret" }
  }
  const key: unknown = Redacted.isRedacted(apiKey) ? Redacted.value(apiKey) : undefined
  const secret: unknown = Redacted.isRedacted(apiSecret) ? Redacted.value(apiSecret) : undefined
  if (typeof key !== "string") return { problem: "apiKey must be a Redacted string" }
  if (typeof secret !== "string") return { problem: "apiSecret must be a Redacted string" }
  const problem = credentialProblem("apiKey", key) ?? credentialProblem("apiSecret", secret)
  return problem !== undefined
    ? { problem }
    : { headers: { "x-api-key": key, "x-api-secret": secret }, sendsWorkspace: true }
}

/** A retry policy as the client runs it: the schedule with `Retry-After` folded in, built once per policy. */
interface CompiledPolicy {
  readonly policy: RetryPolicy.RetryPolicy
  readonly schedule: Schedule.Schedule<unknown, RetryPolicy.RetryableFailure> | undefined
}

/**
 * Compiled policies, by policy: a per-call `retry` is usually one constant passed on every call, and its
 * schedule is then built once, not once per call.
 */
const compiledPolicies = new WeakMap<RetryPolicy.RetryPolicy, CompiledPolicy>()

const compilePolicy = (policy: RetryPolicy.RetryPolicy): CompiledPolicy => {
  let compiled = compiledPolicies.get(policy)
  if (compiled === undefined) {
    compiled = compileSchedule(policy)
    compiledPolicies.set(policy, compiled)
  }
  return compiled
}

const compileSchedule = (policy: RetryPolicy.RetryPolicy): CompiledPolicy => ({
  policy,
  schedule: policy.schedule === undefined ? undefined : Schedule.passthrough(policy.schedule).pipe(
    Schedule.modifyDelayEffect((failure, delay) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        const asked = RetryPolicy.retryAfterMillis(failure, now)
        if (asked === undefined) return delay
        return Duration.max(delay, Duration.min(Duration.millis(asked), policy.maxRetryAfter))
      })
    )
  )
})

const standardCompiled = compilePolicy(RetryPolicy.standard)

const isRetryPolicy = (value: unknown): value is RetryPolicy.RetryPolicy =>
  typeof value === "object" && value !== null && (value as { _tag?: unknown })._tag === "RetryPolicy"

/** The errors of one attempt, before retries. */
type AttemptError = AnswerError | MammothAnalyticsTimeoutError | MammothAnalyticsInvalidRequestError

/**
 * Builds the service (`connections` and `jobs`) from the layer's options and the `HttpClient` in context.
 */
export const makeService = (options: MammothAnalyticsOptions) =>
  Effect.gen(function*() {
    const baseClient = yield* HttpClient.HttpClient
    // fetch follows redirects by default, re-sending the key headers to wherever the server points: ask it
    // not to. (undici's and node:http's clients do not follow redirects.)
    const fetchInit = Option.getOrElse(yield* Effect.serviceOption(FetchHttpClient.RequestInit), () => ({}))
    const withoutRedirects = HttpClient.transformResponse(
      baseClient,
      Effect.provideService(FetchHttpClient.RequestInit, { ...fetchInit, redirect: "manual" })
    )
    const client = options.transformClient ? options.transformClient(withoutRedirects) : withoutRedirects

    // options may come from JavaScript, or from a configuration file: a value of the wrong type is a problem that
    // fails every call (nothing sent), never a defect while the layer is built
    const givenUrl: unknown = options.serverUrl ?? defaultServerUrl
    const serverUrl = typeof givenUrl === "string" ? givenUrl.replace(/\/+$/, "") : ""
    const auth = authOf(options)
    const layerTimeout = options.timeout === undefined ? defaultTimeout : decodeDuration(options.timeout)
    const givenLimit: unknown = options.maxResponseBytes ?? defaultMaxResponseBytes
    const configProblem = (typeof givenUrl === "string" ? undefined : "serverUrl must be a string") ??
      serverUrlProblem(serverUrl, options.allowInsecureHttp === true) ?? auth.problem ??
      (layerTimeout === undefined ? "timeout is not a duration" : undefined) ??
      (typeof givenLimit === "number" && givenLimit > 0 ? undefined : "maxResponseBytes must be a number > 0") ??
      (options.retry === undefined || isRetryPolicy(options.retry) ? undefined : "retry must be a RetryPolicy")
    const sendsWorkspace = auth.problem === undefined && auth.sendsWorkspace
    const headers = Headers.fromInput({
      "accept": "application/json",
      "user-agent": userAgent,
      ...(auth.problem === undefined ? auth.headers : {})
    })
    const limits: BodyLimits = {
      maxResponseBytes: typeof givenLimit === "number" ? givenLimit : defaultMaxResponseBytes,
      errorBodyBytes
    }
    const layerPolicy = options.retry === undefined || !isRetryPolicy(options.retry)
      ? standardCompiled
      : compilePolicy(options.retry)

    const operation = <I, A, T extends Api.ErrorTable>(op: Operation<I, A, T>) => {
      const build = makeRequestBuilder(op)
      const spanName = op.span
      const invalid = (reason: string) =>
        Effect.fail(new MammothAnalyticsInvalidRequestError({ operation: op.id, reason }))

      const attempt = (request: HttpClientRequest.HttpClientRequest, timeout: Duration.Duration) =>
        client.execute(request).pipe(
          Effect.flatMap((response) =>
            Effect.zipLeft(
              decodeAnswer(op, response, limits),
              Effect.logDebug(`${request.method} ${op.path} -> ${response.status}`)
            )
          ),
          Effect.catchIf(HttpClientError.isHttpClientError, (error): Effect.Effect<A, AttemptError> => {
            // a transform such as `HttpClient.filterStatusOk` turned a status into a failure: the answer still
            // goes through the operation's status table, as it would have without the transform
            if (error._tag === "ResponseError" && error.reason === "StatusCode") {
              return decodeAnswer(op, error.response, limits)
            }
            if (error._tag === "ResponseError") {
              return Effect.fail(
                transportError(
                  op.id,
                  new HttpClientError.RequestError({ request, reason: "Transport", cause: error.cause })
                )
              )
            }
            if (error.reason === "Transport") return Effect.fail(transportError(op.id, error))
            return invalid(`the request could not be formed (${error.reason})`)
          }),
          (self) => timeoutAttempt(self, timeout),
          Effect.catchIf(
            (error): error is Cause.TimeoutException => error._tag === "TimeoutException",
            (cause) =>
              Effect.fail(
                new MammothAnalyticsTimeoutError({
                  operation: op.id,
                  scope: "attempt",
                  timeoutMillis: Duration.toMillis(timeout),
                  description: `an attempt timed out after ${Duration.format(timeout)}`,
                  cause
                })
              )
          )
        )

      return (input: I, callOptions?: Connections.CallOptions): Effect.Effect<A, CallError | TableError<T>> => {
        const run = Effect.suspend((): Effect.Effect<A, AttemptError> => {
          if (configProblem !== undefined) return invalid(configProblem)
          const prepared = build(input)
          if (Either.isLeft(prepared)) return Effect.fail(prepared.left)
          const { body, method, path, workspaceId } = prepared.right
          let requestHeaders = sendsWorkspace && workspaceId !== undefined
            ? Headers.set(headers, "x-workspace-id", String(workspaceId))
            : headers
          const extraHeaders: unknown = callOptions?.headers
          if (extraHeaders !== undefined) {
            if (typeof extraHeaders !== "object" || extraHeaders === null) {
              return invalid("headers must be an object of header names to values")
            }
            let entries: Array<[string, unknown]>
            try {
              entries = Object.entries(extraHeaders)
            } catch {
              return invalid("headers could not be read: reading one of them threw")
            }
            for (const [name, value] of entries) {
              const problem = headerProblem(name, value as string)
              if (problem !== undefined) return invalid(problem)
              if (layerHeaderNames.includes(name.toLowerCase())) {
                return invalid(`header ${name} is set from the layer's credentials`)
              }
            }
            requestHeaders = Headers.merge(
              requestHeaders,
              Headers.fromInput(Object.fromEntries(entries) as Record<string, string>)
            )
          }
          let request = HttpClientRequest.make(method)(serverUrl + path, { headers: requestHeaders })
          if (body !== undefined) request = HttpClientRequest.bodyText(request, body, "application/json")
          const timeout = callOptions?.timeout === undefined ? layerTimeout : decodeDuration(callOptions.timeout)
          if (timeout === undefined) return invalid("timeout is not a duration")
          const callRetry: unknown = callOptions?.retry
          if (callRetry !== undefined && !isRetryPolicy(callRetry)) return invalid("retry must be a RetryPolicy")
          const once = attempt(request, timeout)
          const compiled = callRetry === undefined ? layerPolicy : compilePolicy(callRetry)
          const schedule = compiled.schedule
          if (schedule === undefined) return once
          return retrying(once, schedule, (failure) => RetryPolicy.shouldRetry(compiled.policy, op, failure))
        })
        return run.pipe(
          Effect.tapError((error) => Effect.logDebug(`${op.id} failed: ${error._tag}`)),
          Effect.withSpan(spanName, {
            kind: "client",
            attributes: spanAttributes(op.id, input),
            captureStackTrace: false
          }),
          (self) => locallyWith(self, Headers.currentRedactedNames, withSecretHeaderNames),
          // the answer decoder gives a status a class of its own only when `op.errors` names it
          (self) => self as Effect.Effect<A, CallError | TableError<T>>
        )
      }
    }

    const create = operation(Api.SaveConnection)
    const getJob = operation(Api.GetJob)
    const jobs: Jobs.Jobs = { get: getJob, await: makeAwait(getJob) }
    const connections: Connections.Connections = {
      list: operation(Api.ListConnections),
      create,
      createAndAwait: makeCreateAndAwait(create, jobs.await),
      get: operation(Api.GetConnection),
      update: operation(Api.UpdateConnection),
      delete: operation(Api.DeleteConnection)
    }
    return { connections, jobs }
  })
