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
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import type * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type * as Connections from "../Connections.js"
import * as Api from "../ConnectionsApi.js"
import type { Operation } from "../ConnectionsApi.js"
import { planCall } from "../core/call.js"
import { defaultTimeoutMillis, errorBodyBytes } from "../core/defaults.js"
import { attemptTimedOut, requestNotFormed } from "../core/errors.js"
import { withSecretHeaderNames } from "../core/headers.js"
import { makeRequestBuilder } from "../core/input.js"
import { retryDelayMillis } from "../core/retryRules.js"
import type { OptionReaders } from "../core/settings.js"
import { hasRetryPolicyTag, layerSettings } from "../core/settings.js"
import { spanAttributes } from "../core/spans.js"
import { MammothAnalyticsInvalidRequestError, MammothAnalyticsTimeoutError } from "../Errors.js"
import type { CallError, TableError } from "../Errors.js"
import type * as Jobs from "../Jobs.js"
import type { MammothAnalyticsOptions } from "../MammothAnalytics.js"
import * as RetryPolicy from "../RetryPolicy.js"
import { locallyWith, retrying, timeoutAttempt } from "./combinators.js"
import { decodeDuration } from "./duration.js"
import { makeAwait, makeCreateAndAwait } from "./jobs.js"
import { transportError } from "./redaction.js"
import type { AnswerError, BodyLimits } from "./response.js"
import { decodeAnswer } from "./response.js"

/** The default per-attempt timeout. */
export const defaultTimeout: Duration.Duration = Duration.millis(defaultTimeoutMillis)

/** How the Effect 3 line reads its own values among the options (`core/settings.ts`). */
const readers: OptionReaders<Duration.Duration, RetryPolicy.RetryPolicy> = {
  reveal: (value) => (Redacted.isRedacted(value) ? Redacted.value(value) : undefined),
  duration: decodeDuration,
  isRetryPolicy: (value): value is RetryPolicy.RetryPolicy => hasRetryPolicyTag(value)
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
        return Duration.millis(
          retryDelayMillis(Duration.toMillis(delay), asked, Duration.toMillis(policy.maxRetryAfter))
        )
      })
    )
  )
})

const standardCompiled = compilePolicy(RetryPolicy.standard)

/** The errors of one attempt, before retries. */
type AttemptError = AnswerError | MammothAnalyticsTimeoutError | MammothAnalyticsInvalidRequestError

/**
 * What an attempt sends its request with: the layer's `HttpClient` with each request tied to the attempt's
 * `Scope` (`HttpClient.withScope`), or the caller's `transformClient` of it, which needs no scope.
 */
interface AttemptClient {
  readonly execute: (
    request: HttpClientRequest.HttpClientRequest
  ) => Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError, Scope.Scope>
}

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
    // each attempt's requests live in a scope of the attempt's own, which its timeout closes to abort them; a
    // `transformClient` may wait, retry or send requests of its own, which an abort would not stop: with one, the
    // attempt's timeout interrupts it instead (`timeoutAttempt`)
    const transformed = options.transformClient?.(withoutRedirects)
    const abortable = transformed === undefined
    const client: AttemptClient = transformed ?? HttpClient.withScope(withoutRedirects)

    // options may come from JavaScript, or from a configuration file: a value of the wrong type is a problem that
    // fails every call (nothing sent), never a defect while the layer is built
    const settings = layerSettings(options, readers, defaultTimeout)
    const limits: BodyLimits = { maxResponseBytes: settings.maxResponseBytes, errorBodyBytes }

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
            return invalid(requestNotFormed(error.reason))
          }),
          (self) => timeoutAttempt(self, timeout, abortable),
          Effect.catchIf(
            (error): error is Cause.TimeoutException => error._tag === "TimeoutException",
            (cause) =>
              Effect.fail(
                new MammothAnalyticsTimeoutError({
                  operation: op.id,
                  scope: "attempt",
                  timeoutMillis: Duration.toMillis(timeout),
                  description: attemptTimedOut(Duration.format(timeout)),
                  cause
                })
              )
          )
        )

      return (input: I, callOptions?: Connections.CallOptions): Effect.Effect<A, CallError | TableError<T>> => {
        const run = Effect.suspend((): Effect.Effect<A, AttemptError> => {
          const planned = planCall(settings, build, input, callOptions, readers)
          if (!planned.ok) return invalid(planned.reason)
          const { body, headers, method, retry, timeout, url } = planned.plan
          let request = HttpClientRequest.make(method)(url, { headers })
          if (body !== undefined) request = HttpClientRequest.bodyText(request, body, "application/json")
          const once = attempt(request, timeout)
          const compiled = retry === undefined ? standardCompiled : compilePolicy(retry)
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
