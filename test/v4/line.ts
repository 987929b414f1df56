/**
 * The Effect 4 line (`src/v4/index.ts`) behind the neutral `Line` of `test/lines/Line.ts`, the mirror of
 * `test/lines/v3.ts`: options become `MammothAnalytics.layer` over `effect/http`'s `FetchHttpClient` in a
 * `ManagedRuntime`, calls become the service's effects, run with `runPromiseExit`.
 *
 * Type-checked against Effect 4 only (never by the root tsconfig, which is Effect 3's: `test/v4` is excluded
 * there, and `test/lines/index.ts` loads this file with a specifier tsc does not follow); under vitest, `effect`
 * resolves to Effect 4 for files under `test/v4/`. Loaded only when `src/v4/index.ts` exists.
 *
 * What it assumes of the v4 entry, beyond Effect 4 itself: `MammothAnalytics` (a `Context.Service`, yieldable)
 * with `layer(options)` taking the same options as the Effect 3 entry (`apiToken` | `apiKey` + `apiSecret` as
 * `Redacted`s, `serverUrl`, `allowInsecureHttp`, `retry`, `timeout` as a `Duration.Input`, `maxResponseBytes`,
 * `transformClient` over `effect/http`'s `HttpClient`) and needing only `HttpClient.HttpClient`; the service's
 * `connections.{list,create,get,update,delete,createAndAwait}` and `jobs.{get,await}` with the same inputs and
 * per-call options (`retry`, `timeout`, `headers`); `RetryPolicy.make(schedule, { maxRetryAfter,
 * retryNonIdempotent })`, `RetryPolicy.standard`, `RetryPolicy.none`. Undici is not a transport here:
 * `@effect/platform-node` 4 needs Node >= 22.19.
 */
import type { Context } from "effect"
import {
  Cause,
  Clock,
  Duration,
  Effect,
  Exit,
  Fiber,
  Layer,
  Logger,
  ManagedRuntime,
  Redacted,
  References,
  Schedule,
  Scope,
  Tracer
} from "effect"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "effect/http"
import { MammothAnalytics, RetryPolicy } from "../../src/v4/index.js"
import { MammothFake } from "../../src/v4/testing/index.js"
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
} from "../lines/Line.js"
import { operationOf, safeJson } from "../lines/shared.js"
import type { VirtualTime } from "../lines/VirtualTime.js"

// A guard that this file is checked against Effect 4: `Effect.either` is Effect 3's (Effect 4 has `result`).
// @ts-expect-error Effect 4 has no Effect.either
void Effect.either

type LayerOptions = Parameters<typeof MammothAnalytics.layer>[0]

const retryOf = (retry: NeutralRetry): unknown => {
  if (retry === "standard") return RetryPolicy.standard
  if (retry === "none") return RetryPolicy.none
  const recurs = Schedule.recurs(retry.retries)
  return RetryPolicy.make(
    // both until either ends, each delay the longer of the two (Effect 3's `intersect`)
    retry.spacedMillis === undefined
      ? recurs
      : Schedule.max([Schedule.spaced(Duration.millis(retry.spacedMillis)), recurs]),
    {
      ...(retry.maxRetryAfterMillis === undefined ? {} : { maxRetryAfter: Duration.millis(retry.maxRetryAfterMillis) }),
      ...(retry.retryNonIdempotent === undefined ? {} : { retryNonIdempotent: retry.retryNonIdempotent })
    }
  )
}

const transportOf = (transport: Transport): Layer.Layer<HttpClient.HttpClient> => {
  if (transport === "fetch") return FetchHttpClient.layer
  if (transport === "undici") throw new Error("the Effect 4 line is not tested over undici (Node >= 22.19 needed)")
  return FetchHttpClient.layer.pipe(
    Layer.provide(Layer.succeed(FetchHttpClient.Fetch, transport as typeof globalThis.fetch))
  )
}

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
const layerOptionsOf = (options: NeutralOptions): LayerOptions => {
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
  } as unknown as LayerOptions
}

const callOptionsOf = (options: NeutralCallOptions | undefined) =>
  options === undefined ? undefined : {
    ...(options.retry === undefined ? {} : { retry: retryOf(options.retry) }),
    ...(options.timeoutMillis === undefined ? {} : { timeout: Duration.millis(options.timeoutMillis) }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
    ...(options.poll === undefined ? {} : { schedule: pollScheduleOf(options.poll) })
  }

const pollScheduleOf = (poll: NonNullable<NeutralCallOptions["poll"]>): Schedule.Schedule<unknown> => {
  const spaced = Schedule.spaced(Duration.millis(poll.spacedMillis))
  // both until either ends, each delay the longer of the two (Effect 3's `intersect`)
  return poll.recurs === undefined ? spaced : Schedule.max([spaced, Schedule.recurs(poll.recurs)])
}

const nanos = (millis: number) => BigInt(Math.round(millis * 1_000_000))

/** A `Clock` whose time is `time`'s and whose sleeps wait for `time` to wake them. */
const clockOf = (time: VirtualTime): Clock.Clock => ({
  currentTimeMillisUnsafe: () => time.now(),
  currentTimeMillis: Effect.sync(() => time.now()),
  currentTimeNanosUnsafe: () => nanos(time.now()),
  currentTimeNanos: Effect.sync(() => nanos(time.now())),
  monotonicTimeNanosUnsafe: () => nanos(time.now()),
  monotonicTimeNanos: Effect.sync(() => nanos(time.now())),
  sleep: (duration) =>
    Effect.callback<void>((resume) => {
      const cancel = time.sleep(Duration.toMillis(duration), () => resume(Effect.void))
      if (cancel === undefined) {
        resume(Effect.void)
        return
      }
      return Effect.sync(cancel)
    })
})

const viewOf = (exit: Exit.Exit<unknown, unknown>): ExitView => {
  if (Exit.isSuccess(exit)) return { exit, cause: undefined, pretty: [], failures: [], defects: [], prettyErrors: [] }
  const { reasons } = exit.cause
  return {
    exit,
    cause: exit.cause,
    pretty: [Cause.pretty(exit.cause)],
    failures: reasons.filter(Cause.isFailReason).map((reason) => reason.error),
    defects: reasons.filter(Cause.isDieReason).map((reason) => reason.defect),
    prettyErrors: [
      ...Cause.prettyErrors(exit.cause),
      ...Cause.prettyErrors(exit.cause, { includeCauseInStack: true })
    ]
  }
}

const outcomeOf = (exit: Exit.Exit<unknown, unknown>): Outcome => {
  const view = viewOf(exit)
  if (Exit.isSuccess(exit)) return { _tag: "Success", value: exit.value, view }
  const cause = exit.cause
  if (Cause.hasDies(cause)) return { _tag: "Defect", defect: view.defects[0], view }
  if (view.failures.length > 0) return { _tag: "Failure", error: view.failures[0], view }
  return Cause.hasInterruptsOnly(cause)
    ? { _tag: "Interrupted", view }
    : { _tag: "Defect", defect: undefined, view }
}

/** A Logger that keeps every log as each of Effect's formatters would print it. */
const recordingLogger = (sink: Array<NeutralLog>) =>
  Logger.make<unknown, void>((options) => {
    sink.push({
      level: options.logLevel,
      formatted: [
        Logger.formatLogFmt.log(options),
        Logger.formatJson.log(options),
        Logger.formatSimple.log(options),
        safeJson(Logger.formatStructured.log(options))
      ],
      message: options.message,
      cause: options.cause,
      causePretty: Cause.pretty(options.cause),
      annotations: options.fiber.getRef(References.CurrentLogAnnotations)
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
  readonly name: string
  readonly parent: Tracer.Span["parent"]
  readonly annotations: Context.Context<never>
  readonly kind: Tracer.SpanKind
  status: Tracer.SpanStatus
  readonly attributes = new Map<string, unknown>()
  readonly links: Array<Tracer.SpanLink>
  constructor(
    readonly record: MutableSpan,
    options: Parameters<Tracer.Tracer["span"]>[0]
  ) {
    this.name = options.name
    this.parent = options.parent
    this.annotations = options.annotations
    this.kind = options.kind
    this.status = { _tag: "Started", startTime: options.startTime }
    this.links = [...options.links]
    record.links.push(...options.links)
    this.traceId = options.parent._tag === "Some" ? options.parent.value.traceId : "trace"
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
    span(options) {
      const record: MutableSpan = { name: options.name, attributes: new Map(), events: [], links: [], end: undefined }
      sink.push(record)
      return new RecordingSpan(record, options)
    }
  })

/**
 * A user's own logging of the outcome, with every log and span of the call recorded. Effect 4's HTTP client
 * records no header in its spans unless asked (`TracerHeaderFilter`): here it records them all, as Effect 3's
 * does by default, so what its redaction leaves is looked at.
 */
const observed = <A, E, R>(effect: Effect.Effect<A, E, R>, observation: Observation): Effect.Effect<A, E, R> =>
  effect.pipe(
    Effect.tap((value) => Effect.logDebug("call succeeded", value)),
    Effect.tapCause((cause) => Effect.logError("call failed", cause)),
    Effect.provideService(HttpClient.TracerHeaderFilter, () => true),
    Effect.withTracer(recordingTracer(observation.spans)),
    Effect.provideService(Logger.CurrentLoggers, new Set([recordingLogger(observation.logs)])),
    Effect.provideService(References.MinimumLogLevel, "All")
  )

/** Runs `effect` in a `Scope` of its own, which the abort of `signal` closes. */
const forkedInScope = <A, E, R>(
  effect: Effect.Effect<A, E, R>,
  signal: AbortSignal
): Effect.Effect<Exit.Exit<A, E>, never, R> =>
  Effect.gen(function*() {
    const scope = yield* Scope.make()
    const fiber = yield* effect.pipe(Effect.forkIn(scope))
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

export const v4: Line = {
  name: "v4",
  transports: ["fetch"],
  outerTimeoutTag: "TimeoutError",
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
      let effect: Effect.Effect<unknown, unknown, MammothAnalytics> = Effect.gen(function*() {
        const service = yield* MammothAnalytics
        return yield* (operationOf(service, operation)(input, translated) as Effect.Effect<unknown, unknown>)
      })
      if (options.requestInit?.placement === "program") {
        effect = Effect.provideService(effect, FetchHttpClient.RequestInit, options.requestInit.init)
      }
      if (control?.outerTimeoutMillis !== undefined) {
        effect = Effect.timeout(effect, Duration.millis(control.outerTimeoutMillis))
      }
      if (options.observe !== undefined) effect = observed(effect, options.observe)
      if (options.clock !== undefined) effect = Effect.provideService(effect, Clock.Clock, clockOf(options.clock))
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
