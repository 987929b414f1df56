/**
 * Where an operation is sent, on effect 4: one attempt (request, answer decoding, `Effect.timeoutOrElse`),
 * `Effect.retry` with the policy's schedule around it, the span, the debug logs and the redacted header names
 * around that. The layer's options, a call's preparation (input, headers, timeout, policy), the retry rules and
 * what a failed attempt tells are those of `core/`, the same on both Effect lines; here are effect 4's
 * `HttpClient`, `Effect.retry` and `Schedule`s.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schedule from "effect/Schedule"
import * as Tracer from "effect/Tracer"
import type { BodyLimits } from "../../core/answer.js"
import type { AttemptNext } from "../../core/attempts.js"
import { attemptEventAttributes, attemptEventName, attemptFailedLine, neverRetried } from "../../core/attempts.js"
import { planCall } from "../../core/call.js"
import { defaultTimeoutMillis, errorBodyBytes } from "../../core/defaults.js"
import { attemptTimedOut, requestNotFormed } from "../../core/errors.js"
import { withSecretHeaderNames } from "../../core/headers.js"
import { makeRequestBuilder } from "../../core/input.js"
import { memoized } from "../../core/memo.js"
import type { ErrorTable, OperationSpec, SuccessSpec } from "../../core/operations.js"
import * as Operations from "../../core/operations.js"
import { retryDelayMillis } from "../../core/retryRules.js"
import type { OptionReaders } from "../../core/settings.js"
import { layerSettings, settingRefusalMessage } from "../../core/settings.js"
import { spanAttributes } from "../../core/spans.js"
import type * as Connections from "../Connections.js"
import type { CallError, TableError } from "../Errors.js"
import { MammothAnalyticsInvalidRequestError, MammothAnalyticsTimeoutError } from "../Errors.js"
import type * as Jobs from "../Jobs.js"
import type { MammothAnalyticsOptions, MammothAnalyticsService } from "../MammothAnalytics.js"
import * as RetryPolicy from "../RetryPolicy.js"
import { decodeTimeout } from "./duration.js"
import { makeAwait, makeCreateAndAwait } from "./jobs.js"
import type { AnswerError, Successes } from "./response.js"
import { decodeAnswer } from "./response.js"
import { transportError } from "./transport.js"

/** The default per-attempt timeout. */
const defaultTimeout: Duration.Duration = Duration.millis(defaultTimeoutMillis)

/** How this line reads its own values among the options (`core/settings.ts`). */
const readers: OptionReaders<Duration.Duration, RetryPolicy.RetryPolicy> = {
  reveal: (value) => (Redacted.isRedacted(value) ? Redacted.value(value) : undefined),
  duration: decodeTimeout,
  retryPolicy: (value) =>
    RetryPolicy.isRetryPolicy(value) || Schedule.isSchedule(value)
      ? RetryPolicy.of(value as RetryPolicy.RetryInput)
      : undefined
}

/** The errors of one attempt of an operation with the status table `T`, before retries. */
type AttemptError<T extends ErrorTable> =
  | AnswerError<T>
  | MammothAnalyticsTimeoutError
  | MammothAnalyticsInvalidRequestError

/** Tells of a failed attempt: a debug log line, and an event on the operation's span. */
const tellAttempt = (operation: OperationSpec<never>, attempt: number, failure: unknown, next: AttemptNext) =>
  Effect.andThen(
    Effect.logDebug(attemptFailedLine(operation.id, attempt, failure, next)),
    Effect.clockWith((clock) =>
      Effect.map(
        Effect.serviceOption(Tracer.ParentSpan),
        (span) => {
          if (span._tag === "Some" && span.value._tag === "Span") {
            const now = clock.currentTimeNanosUnsafe()
            span.value.event(attemptEventName, now, attemptEventAttributes(attempt, failure, next))
          }
        }
      )
    )
  )

/**
 * A policy's schedule as a call of `operation` runs it with `Effect.retry`: fed only the failures the policy
 * retries for it (any other ends the retries at once, unseen by the policy's schedule), its delay stretched to
 * the `Retry-After` the server asked for (at most the policy's `maxRetryAfter`), each failed attempt told.
 */
const retrySchedule = (
  policy: RetryPolicy.RetryPolicy,
  schedule: Schedule.Schedule<unknown, RetryPolicy.RetryableFailure>,
  operation: OperationSpec<never>
): Schedule.Schedule<unknown, unknown> => {
  const maxRetryAfterMillis = Duration.toMillis(policy.maxRetryAfter)
  return Schedule.fromStep(
    Effect.map(Schedule.toStep(schedule), (step) => {
      let attempt = 0
      return (now: number, failure: unknown) => {
        attempt += 1
        const done = (next: AttemptNext) => Effect.andThen(tellAttempt(operation, attempt, failure, next), Cause.done())
        if (!RetryPolicy.shouldRetry(policy, operation, failure)) return done({ kind: "not retried" })
        return step(now, failure).pipe(
          Effect.catchIf(Cause.isDone, () => done({ kind: "no retries left" })),
          Effect.flatMap(([out, duration]) => {
            const delayMillis = retryDelayMillis(
              Duration.toMillis(duration),
              RetryPolicy.retryAfterMillis(failure, now),
              maxRetryAfterMillis
            )
            return Effect.as(
              tellAttempt(operation, attempt, failure, { kind: "retry", delayMillis }),
              [out, Duration.millis(delayMillis)] as [unknown, Duration.Duration]
            )
          })
        )
      }
    })
  )
}

/** The schedule a call of an operation runs for a policy (`undefined`: never retry), made once per pair. */
const scheduleOf = memoized((policy: RetryPolicy.RetryPolicy, operation: string) => {
  const op = Operations.allOperations.find((candidate) => candidate.id === operation)!
  return policy.schedule === undefined ? undefined : retrySchedule(policy, policy.schedule, op)
})

/** One operation of the service, typed from its description: input, success value and error union. */
type Call<I, T extends ErrorTable, B extends SuccessSpec["body"]> = (
  input: I,
  options?: Connections.CallOptions
) => Effect.Effect<Successes[B], CallError | TableError<T>>

/**
 * The layer's `HttpClient`, with fetch asked not to follow redirects (it would re-send the credential headers to
 * wherever the server points). The application's `FetchHttpClient.RequestInit` is read at each request, from the
 * caller's context, else from the context the layer was built in, and only `redirect: "manual"` is added to it.
 * (undici's client does not follow redirects and does not read it.)
 */
const withoutRedirects = (client: HttpClient.HttpClient, built: Option.Option<globalThis.RequestInit>) =>
  HttpClient.transformResponse(
    client,
    (response) =>
      Effect.flatMap(
        Effect.serviceOption(FetchHttpClient.RequestInit),
        (init) =>
          Effect.provideService(response, FetchHttpClient.RequestInit, {
            ...Option.getOrUndefined(Option.orElse(init, () => built)),
            redirect: "manual"
          })
      )
  )

/**
 * Builds the service (`connections` and `jobs`) from the layer's options and the `HttpClient` in context; fails
 * with a `Config.ConfigError` naming the setting when an option cannot be used.
 */
export const makeService = (
  options: MammothAnalyticsOptions
): Effect.Effect<MammothAnalyticsService, Config.ConfigError, HttpClient.HttpClient> =>
  Effect.gen(function*() {
    // options may come from JavaScript, or from a configuration file: a value of the wrong type fails the layer
    const read = layerSettings(options, readers, defaultTimeout)
    if (!read.ok) {
      return yield* Effect.fail(
        new Config.ConfigError(new ConfigProvider.SourceError({ message: settingRefusalMessage(read.refusal) }))
      )
    }
    const settings = read.settings
    const built = yield* Effect.serviceOption(FetchHttpClient.RequestInit)
    const base = withoutRedirects(yield* HttpClient.HttpClient, built)
    const client = options.transformClient?.(base) ?? base
    const limits: BodyLimits = { maxResponseBytes: settings.maxResponseBytes, errorBodyBytes }

    const operation = <I, T extends ErrorTable, B extends SuccessSpec["body"]>(
      op: OperationSpec<I, T, B>
    ): Call<I, T, B> => {
      const build = makeRequestBuilder(op)
      const invalid = (reason: string) =>
        Effect.fail(new MammothAnalyticsInvalidRequestError({ operation: op.id, reason }))

      /** A failure of the `HttpClient`, as this client reports it. */
      const clientFailure = (
        request: HttpClientRequest.HttpClientRequest,
        error: HttpClientError.HttpClientError
      ): Effect.Effect<Successes[B], AttemptError<T>> => {
        const reason = error.reason
        switch (reason._tag) {
          // a transform such as `HttpClient.filterStatusOk` turned a status into a failure: the answer still goes
          // through the operation's status table, as it would have without the transform
          case "StatusCodeError":
            return decodeAnswer<T, B>(op, reason.response, limits, settings.secrets)
          case "TransportError":
          case "DecodeError":
          case "EmptyBodyError":
            return Effect.fail(transportError(op.id, request, reason.cause, reason.description))
          case "EncodeError":
          case "InvalidUrlError":
            return invalid(requestNotFormed(reason._tag.replace(/Error$/, "")))
        }
      }

      /** One attempt: the request, its answer decoded, within the attempt's timeout (`Effect.timeoutOrElse`). */
      const attempt = (
        request: HttpClientRequest.HttpClientRequest,
        timeout: Duration.Duration
      ): Effect.Effect<Successes[B], AttemptError<T>> =>
        client.execute(request).pipe(
          Effect.matchEffect({
            onFailure: (error) => clientFailure(request, error),
            onSuccess: (response) =>
              Effect.tap(
                decodeAnswer<T, B>(op, response, limits, settings.secrets),
                () => Effect.logDebug(`${request.method} ${op.path} -> ${response.status}`)
              )
          }),
          Effect.timeoutOrElse({
            duration: timeout,
            orElse: () => {
              const description = attemptTimedOut(Duration.format(timeout))
              return Effect.fail(
                new MammothAnalyticsTimeoutError({
                  operation: op.id,
                  scope: "attempt",
                  timeoutMillis: Duration.toMillis(timeout),
                  description,
                  cause: new Cause.TimeoutError(description)
                })
              )
            }
          })
        )

      return (input, callOptions) =>
        Effect.suspend((): Effect.Effect<Successes[B], AttemptError<T>> => {
          const planned = planCall(settings, build, input, callOptions, readers)
          if (!planned.ok) return invalid(planned.reason)
          const { body, headers, method, retry, timeout, url } = planned.plan
          let request = HttpClientRequest.make(method)(url, { headers })
          if (body !== undefined) request = HttpClientRequest.bodyText(request, body, "application/json")
          const once = attempt(request, timeout)
          const schedule = scheduleOf(retry ?? RetryPolicy.standard, op.id)
          // a policy without a schedule never retries; its one failed attempt is told as a retried one is
          return schedule === undefined
            ? Effect.tapError(once, (failure) => tellAttempt(op, 1, failure, neverRetried))
            : Effect.retry(once, schedule)
        }).pipe(
          Effect.tapError((error) => Effect.logDebug(`${op.id} failed: ${error._tag}`)),
          // internal: the platform's HTTP span of each attempt, under this one, is the client span
          Effect.withSpan(op.span, { kind: "internal", attributes: spanAttributes(op.id, input) }, {
            captureStackTrace: false
          }),
          Effect.updateService(Headers.CurrentRedactedNames, withSecretHeaderNames)
        )
    }

    const create = operation(Operations.SaveConnection)
    const getJob = operation(Operations.GetJob)
    const jobs: Jobs.Jobs = { get: getJob, await: makeAwait(getJob, settings.secrets) }
    const connections: Connections.Connections = {
      list: operation(Operations.ListConnections),
      create,
      createAndAwait: makeCreateAndAwait(create, jobs.await),
      get: operation(Operations.GetConnection),
      update: operation(Operations.UpdateConnection),
      delete: operation(Operations.DeleteConnection)
    }
    return { connections, jobs }
  })
