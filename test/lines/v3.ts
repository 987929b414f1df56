/**
 * The Effect 3 line (`src/v3/index.ts`, `src/v3/testing/index.ts`) behind the neutral `Line` of `Line.ts`: options
 * become `MammothAnalytics.layer` over `@effect/platform`'s `FetchHttpClient` (or `@effect/platform-node`'s
 * undici client) in a `ManagedRuntime`, calls become the service's effects, run with `runPromiseExit`.
 */
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Context } from "effect"
import {
  Cause,
  Chunk,
  Clock,
  Duration,
  Effect,
  Exit,
  Fiber,
  Layer,
  Logger,
  LogLevel,
  ManagedRuntime,
  Option,
  Redacted,
  Schedule,
  Scope,
  Tracer
} from "effect"
import type { MammothAnalyticsOptions } from "../../src/v3/index.js"
import { MammothAnalytics, RetryPolicy } from "../../src/v3/index.js"
import { MammothFake } from "../../src/v3/testing/index.js"
import type {
  ApplicationTransform,
  CallControl,
  ExitView,
  Line,
  NeutralCallOptions,
  NeutralLog,
  NeutralOptions,
  NeutralRetry,
  NeutralSpan,
  Observation,
  OperationName,
  Outcome,
  RequestInitPlacement,
  Transport
} from "./Line.js"
import { operationOf, safeJson } from "./shared.js"
import type { VirtualTime } from "./VirtualTime.js"

const retryOf = (retry: NeutralRetry): RetryPolicy.RetryPolicy => {
  if (retry === "standard") return RetryPolicy.standard
  if (retry === "none") return RetryPolicy.none
  const recurs = Schedule.recurs(retry.retries)
  return RetryPolicy.make(
    retry.spacedMillis === undefined
      ? recurs
      : Schedule.spaced(Duration.millis(retry.spacedMillis)).pipe(Schedule.intersect(recurs)),
    {
      ...(retry.maxRetryAfterMillis === undefined ? {} : { maxRetryAfter: Duration.millis(retry.maxRetryAfterMillis) }),
      ...(retry.retryNonIdempotent === undefined ? {} : { retryNonIdempotent: retry.retryNonIdempotent })
    }
  )
}

const transportOf = (transport: Transport): Layer.Layer<HttpClient.HttpClient> =>
  transport === "fetch"
    ? FetchHttpClient.layer
    : transport === "undici"
    ? NodeHttpClient.layerUndici
    : FetchHttpClient.layer.pipe(
      Layer.provide(Layer.succeed(FetchHttpClient.Fetch, transport as typeof globalThis.fetch))
    )

/** A `FetchHttpClient.RequestInit` layer when the application provides one at `placement`, else an empty one. */
const requestInitLayer = (options: NeutralOptions, placement: RequestInitPlacement) =>
  options.requestInit?.placement === placement
    ? Layer.succeed(FetchHttpClient.RequestInit, options.requestInit.init)
    : Layer.empty

const applyTransform = (client: HttpClient.HttpClient, transform: ApplicationTransform): HttpClient.HttpClient => {
  switch (transform._tag) {
    case "followRedirects":
      return HttpClient.followRedirects(client)
    case "retryTransient":
      return HttpClient.retryTransient(client, {
        times: transform.times,
        schedule: Schedule.spaced(Duration.millis(transform.spacedMillis))
      })
    case "waitBeforeRequest":
      return HttpClient.transform(
        client,
        (effect) => Effect.andThen(Effect.sleep(Duration.millis(transform.millis)), effect)
      )
  }
}

/** The application's own `HttpClient` layer: the transport, its `RequestInit`, and its transforms. */
const applicationLayerOf = (options: NeutralOptions): Layer.Layer<HttpClient.HttpClient> => {
  const transport = transportOf(options.transport).pipe(Layer.provide(requestInitLayer(options, "httpClientLayer")))
  const transforms = options.applicationClient ?? []
  if (transforms.length === 0) return transport
  return Layer.effect(
    HttpClient.HttpClient,
    Effect.map(HttpClient.HttpClient, (client) => transforms.reduce(applyTransform, client))
  ).pipe(Layer.provide(transport))
}

/** The layer's options; a combination the types rule out is passed as a careless caller would, with a cast. */
const layerOptionsOf = (options: NeutralOptions): MammothAnalyticsOptions => {
  const { apiKey, apiSecret, apiToken, unredacted } = options.credentials
  const wrap = (value: string) => (unredacted === true ? value : Redacted.make(value))
  const { filterStatusOk, mapRequestUrl } = options
  const transformClient = mapRequestUrl === undefined && filterStatusOk !== true
    ? undefined
    : (client: HttpClient.HttpClient): HttpClient.HttpClient => {
      const routed = mapRequestUrl === undefined
        ? client
        : HttpClient.mapRequest(client, (request) => HttpClientRequest.setUrl(request, mapRequestUrl(request.url)))
      return filterStatusOk === true ? HttpClient.filterStatusOk(routed) : routed
    }
  return {
    ...(apiToken === undefined ? {} : { apiToken: wrap(apiToken) }),
    ...(apiKey === undefined ? {} : { apiKey: wrap(apiKey) }),
    ...(apiSecret === undefined ? {} : { apiSecret: wrap(apiSecret) }),
    ...(options.serverUrl === undefined ? {} : { serverUrl: options.serverUrl }),
    ...(options.allowInsecureHttp === undefined ? {} : { allowInsecureHttp: options.allowInsecureHttp }),
    ...(options.retry === undefined ? {} : { retry: retryOf(options.retry) }),
    ...(options.timeoutMillis === undefined ? {} : { timeout: Duration.millis(options.timeoutMillis) }),
    ...(options.maxResponseBytes === undefined ? {} : { maxResponseBytes: options.maxResponseBytes }),
    ...(transformClient === undefined ? {} : { transformClient })
  } as unknown as MammothAnalyticsOptions
}

const callOptionsOf = (options: NeutralCallOptions | undefined) =>
  options === undefined ? undefined : {
    ...(options.retry === undefined ? {} : { retry: retryOf(options.retry) }),
    ...(options.timeoutMillis === undefined ? {} : { timeout: Duration.millis(options.timeoutMillis) }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.poll === undefined ? {} : { schedule: pollScheduleOf(options.poll) })
  }

const pollScheduleOf = (poll: NonNullable<NeutralCallOptions["poll"]>): Schedule.Schedule<unknown, unknown> => {
  const spaced = Schedule.spaced(Duration.millis(poll.spacedMillis))
  return poll.recurs === undefined ? spaced : spaced.pipe(Schedule.intersect(Schedule.recurs(poll.recurs)))
}

/** A `Clock` whose time is `time`'s and whose sleeps wait for `time` to wake them. */
const clockOf = (time: VirtualTime): Clock.Clock => ({
  [Clock.ClockTypeId]: Clock.ClockTypeId,
  unsafeCurrentTimeMillis: () => time.now(),
  currentTimeMillis: Effect.sync(() => time.now()),
  unsafeCurrentTimeNanos: () => BigInt(Math.round(time.now() * 1_000_000)),
  currentTimeNanos: Effect.sync(() => BigInt(Math.round(time.now() * 1_000_000))),
  sleep: (duration) =>
    Effect.async<void>((resume) => {
      const cancel = time.sleep(Duration.toMillis(duration), () => resume(Effect.void))
      if (cancel === undefined) {
        resume(Effect.void)
        return
      }
      return Effect.sync(cancel)
    })
})

const viewOf = (exit: Exit.Exit<unknown, unknown>): ExitView =>
  Exit.isSuccess(exit)
    ? { exit, cause: undefined, pretty: [], failures: [], defects: [], prettyErrors: [] }
    : {
      exit,
      cause: exit.cause,
      pretty: [Cause.pretty(exit.cause), Cause.pretty(exit.cause, { renderErrorCause: true })],
      failures: Chunk.toArray(Cause.failures(exit.cause)),
      defects: Chunk.toArray(Cause.defects(exit.cause)),
      prettyErrors: Cause.prettyErrors(exit.cause)
    }

const outcomeOf = (exit: Exit.Exit<unknown, unknown>): Outcome => {
  const view = viewOf(exit)
  if (Exit.isSuccess(exit)) return { _tag: "Success", value: exit.value, view }
  const cause = exit.cause
  if (Cause.isDie(cause)) return { _tag: "Defect", defect: view.defects[0], view }
  const failure = Cause.failureOption(cause)
  if (Option.isSome(failure)) return { _tag: "Failure", error: failure.value, view }
  return Cause.isInterruptedOnly(cause)
    ? { _tag: "Interrupted", view }
    : { _tag: "Defect", defect: undefined, view }
}

/** A Logger that keeps every log as each of Effect's formatters would print it. */
const recordingLogger = (sink: Array<NeutralLog>) =>
  Logger.make<unknown, void>((options) => {
    sink.push({
      level: options.logLevel.label,
      formatted: [
        Logger.logfmtLogger.log(options),
        Logger.jsonLogger.log(options),
        Logger.stringLogger.log(options),
        safeJson(Logger.structuredLogger.log(options))
      ],
      message: options.message,
      cause: options.cause,
      causePretty: Cause.pretty(options.cause),
      annotations: options.annotations
    })
  })

interface MutableSpan {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<{ readonly name: string; readonly attributes: Readonly<Record<string, unknown>> }>
  readonly links: Array<unknown>
  end: ExitView | undefined
}

/** A span that records its attributes, events, links and end into a `NeutralSpan`. */
class RecordingSpan implements Tracer.Span {
  readonly _tag = "Span"
  readonly spanId = Math.random().toString(16).slice(2)
  readonly traceId: string
  readonly sampled = true
  status: Tracer.SpanStatus
  readonly attributes = new Map<string, unknown>()
  readonly links: Array<Tracer.SpanLink>
  constructor(
    readonly record: MutableSpan,
    readonly name: string,
    readonly parent: Option.Option<Tracer.AnySpan>,
    readonly context: Context.Context<never>,
    links: ReadonlyArray<Tracer.SpanLink>,
    startTime: bigint,
    readonly kind: Tracer.SpanKind
  ) {
    this.status = { _tag: "Started", startTime }
    this.links = [...links]
    record.links.push(...links)
    this.traceId = Option.isSome(parent) ? parent.value.traceId : "trace"
  }
  end(endTime: bigint, exit: Exit.Exit<unknown, unknown>): void {
    this.status = { _tag: "Ended", startTime: this.status.startTime, endTime, exit }
    this.record.end = viewOf(exit)
  }
  attribute(key: string, value: unknown): void {
    this.attributes.set(key, value)
    this.record.attributes.set(key, value)
  }
  event(name: string, _startTime: bigint, attributes?: Record<string, unknown>): void {
    this.record.events.push({ name, attributes: attributes ?? {} })
  }
  addLinks(links: ReadonlyArray<Tracer.SpanLink>): void {
    this.links.push(...links)
    this.record.links.push(...links)
  }
}

const recordingTracer = (sink: Array<NeutralSpan>) =>
  Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => {
      const record: MutableSpan = { name, attributes: new Map(), events: [], links: [], end: undefined }
      sink.push(record)
      const span = new RecordingSpan(record, name, parent, context, links, startTime, kind)
      for (const [key, value] of Object.entries(options?.attributes ?? {})) span.attribute(key, value)
      return span
    },
    context: (f) => f()
  })

/** A user's own logging of the outcome, with every log and span of the call recorded. */
const observed = <A, E, R>(effect: Effect.Effect<A, E, R>, observation: Observation): Effect.Effect<A, E, R> =>
  effect.pipe(
    Effect.tap((value) => Effect.logDebug("call succeeded", value)),
    Effect.tapErrorCause((cause) => Effect.logError("call failed", cause)),
    Effect.withTracer(recordingTracer(observation.spans)),
    Effect.provide(Logger.replace(Logger.defaultLogger, recordingLogger(observation.logs))),
    Effect.provide(Logger.minimumLogLevel(LogLevel.All))
  )

/** Runs `effect` in a `Scope` of its own, which the abort of `signal` closes. */
const forkedInScope = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  signal: AbortSignal
): Effect.Effect<Exit.Exit<A, E>, never, R> =>
  Effect.gen(function*() {
    const scope = yield* Scope.make()
    const fiber = yield* Effect.forkIn(effect, scope)
    const close = () => void Effect.runFork(Scope.close(scope, Exit.void))
    if (signal.aborted) close()
    else signal.addEventListener("abort", close, { once: true })
    const exit = yield* Fiber.await(fiber)
    signal.removeEventListener("abort", close)
    return exit
  })

const reveal = (value: unknown): unknown => {
  if (Redacted.isRedacted(value)) return { "<Redacted>": Redacted.value(value) }
  if (Array.isArray(value)) return value.map(reveal)
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, reveal(field)]))
  }
  return value
}

export const v3: Line = {
  name: "v3",
  transports: ["fetch", "undici"],
  outerTimeoutTag: "TimeoutException",
  reveal,
  makeClient: (options) => {
    const runtime = ManagedRuntime.make(
      MammothAnalytics.layer(layerOptionsOf(options)).pipe(
        Layer.provide(applicationLayerOf(options)),
        Layer.provide(requestInitLayer(options, "layers"))
      )
    )
    const call = (
      operation: OperationName,
      input: unknown,
      callOptions?: NeutralCallOptions,
      control?: CallControl
    ): Promise<Outcome> => {
      const translated = callOptionsOf(callOptions)
      let effect: Effect.Effect<unknown, unknown, MammothAnalytics> = Effect.flatMap(
        MammothAnalytics,
        (service) => operationOf(service, operation)(input, translated) as Effect.Effect<unknown, unknown>
      )
      if (options.requestInit?.placement === "program") {
        effect = Effect.provideService(effect, FetchHttpClient.RequestInit, options.requestInit.init)
      }
      if (control?.outerTimeoutMillis !== undefined) {
        effect = Effect.timeout(effect, Duration.millis(control.outerTimeoutMillis))
      }
      if (options.observe !== undefined) effect = observed(effect, options.observe)
      if (options.clock !== undefined) effect = Effect.withClock(effect, clockOf(options.clock))
      const signal = control?.signal
      if (signal !== undefined && control?.interruptVia === "scope") {
        return runtime.runPromise(forkedInScope(effect, signal)).then(outcomeOf)
      }
      return runtime.runPromiseExit(effect, signal === undefined ? undefined : { signal }).then(outcomeOf)
    }
    return { call, dispose: () => runtime.dispose() }
  },
  fake: {
    make: async (options) => {
      const fake = await Effect.runPromise(MammothFake.make(options))
      return {
        fetch: fake.fetch,
        connectionKeys: () =>
          Effect.runPromise(Effect.map(fake.connections, (stored) => stored.map((c) => c.connectionKey))),
        unmatched: () => Effect.runPromise(Effect.map(fake.stats, (stats) => stats.requests.unmatched)),
        injectBadRequests: (faults) =>
          Effect.runPromise(fake.injectFaults(faults.map((fault) =>
            fault._tag === "ValidationError"
              ? MammothFake.validationError(fault.issues, fault.detail)
              : MammothFake.clientError(fault.detail, fault.extra)
          )))
      }
    },
    memoryServerUrl: MammothFake.memoryServerUrl,
    token: Redacted.value(MammothFake.token),
    apiKey: Redacted.value(MammothFake.credentials.apiKey),
    apiSecret: Redacted.value(MammothFake.credentials.apiSecret)
  }
}
