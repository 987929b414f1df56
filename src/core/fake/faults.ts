/**
 * The fake's fault injection: the fault constructors, the script of the next requests' faults and the rates
 * drawn from the seeded PRNG once it is used up, and the outcome of each fault. A latency is planned, never
 * slept here: the adapter waits, on its own clock, before the engine goes on with the request.
 *
 * @internal
 */
import type { FakeOutcome, Fault, FaultOptions, FaultRates, FaultStatus, ValidationIssue } from "./model.js"
import { errorBody, reasonPhrases, withHeaders } from "./outcomes.js"
import type { Prng } from "./prng.js"
import type { Match } from "./routes.js"

/** No fault: the request is answered normally. */
export const pass: Fault<never> = { _tag: "Pass" }

/** Wait `delay`, then answer normally. */
export const latency = <Delay>(delay: Delay): Fault<Delay> => ({ _tag: "Latency", delay })

/** Answer 429 with `Retry-After: <retryAfterSeconds>` (default 1) without applying the request. */
export const tooManyRequests = (retryAfterSeconds = 1): Fault<never> => ({ _tag: "TooManyRequests", retryAfterSeconds })

/** Answer a 5xx status (default 500). `applied: true` carries the request out before answering the error. */
export const serverError = (
  status: FaultStatus = 500,
  options?: { readonly applied?: boolean; readonly retryAfterSeconds?: number }
): Fault<never> => ({
  _tag: "ServerError",
  status,
  applied: options?.applied,
  retryAfterSeconds: options?.retryAfterSeconds
})

/** Reset the connection. `applied: true` carries the request out before resetting. */
export const reset = (options?: { readonly applied?: boolean }): Fault<never> => ({
  _tag: "Reset",
  applied: options?.applied
})

/**
 * Answer 400 Validation Exception, as the server does for a rule the client cannot check: `extra` is `issues`
 * (default: one issue on the route's last path parameter), `detail` by default `Validation failed for
 * <METHOD> <path>`, as the fake's own validation says. The request is not applied.
 */
export const validationError = (issues?: ReadonlyArray<ValidationIssue>, detail?: string): Fault<never> => ({
  _tag: "ValidationError",
  issues,
  detail
})

/**
 * Answer 400 Client Error: `detail` (default `Bad Request`) and `extra`, an object or `null` (default `{}`),
 * as the spec's example. The request is not applied.
 */
export const clientError = (detail?: string, extra?: Readonly<Record<string, unknown>> | null): Fault<never> => ({
  _tag: "ClientError",
  detail,
  extra
})

/** A fault with its delay given another way (a line's duration input turned into milliseconds, say). */
export const mapFaultDelay = <A, B>(fault: Fault<A>, f: (delay: A) => B): Fault<B> =>
  fault._tag === "Latency" ? { _tag: "Latency", delay: f(fault.delay) } : fault

/** Rates with their latency's delay given another way. */
const mapRatesDelay = <A, B>(rates: FaultRates<A>, f: (delay: A) => B): FaultRates<B> => {
  const { latency, ...others } = rates
  return latency === undefined ? others : { ...others, latency: { ...latency, delay: f(latency.delay) } }
}

/** Fault options with every delay given another way. */
export const mapFaultOptionsDelay = <A, B>(options: FaultOptions<A>, f: (delay: A) => B): FaultOptions<B> => ({
  ...(options.script === undefined ? {} : { script: options.script.map((fault) => mapFaultDelay(fault, f)) }),
  ...(options.rates === undefined ? {} : { rates: mapRatesDelay(options.rates, f) })
})

/** A fault that answers in place of the API (latency and pass do not). */
export type Failure = Exclude<Fault, { readonly _tag: "Latency" | "Pass" }>

/** What a fault decision asks the request to go through: a wait (milliseconds), a failure, both or neither. */
export interface FaultPlan {
  readonly delay: number | undefined
  readonly failure: Failure | undefined
}

const noFault: FaultPlan = { delay: undefined, failure: undefined }

/** A delay the adapter can wait: a number of milliseconds >= 0 (possibly infinite). */
const checkedDelay = (delay: number): number => {
  if (typeof delay !== "number" || !(delay >= 0)) throw new Error("a latency fault's delay is not a duration")
  return delay
}

const planOf = (fault: Fault): FaultPlan => {
  switch (fault._tag) {
    case "Pass":
      return noFault
    case "Latency":
      return { delay: checkedDelay(fault.delay), failure: undefined }
    default:
      return { delay: undefined, failure: fault }
  }
}

/** Whether the request is carried out before its failure replaces the answer. */
export const isApplied = (failure: Failure): boolean =>
  (failure._tag === "ServerError" || failure._tag === "Reset") && failure.applied === true

/** What the answer of a failure may name of the request it replaces: its method, its path and its route. */
export interface FailedRequest {
  readonly method: string
  readonly pathname: string
  readonly match: Match
}

/** The issue a Validation Exception fault names unless told: the route's last path parameter (or the path). */
const defaultIssues = (match: Match): ReadonlyArray<ValidationIssue> => {
  const key = match._tag === "Found" ? match.route.pathParams.at(-1)?.wire : undefined
  return [{ message: "was refused by the server (an injected fault)", key: key ?? "path", source: "path" }]
}

/** The outcome of a failure, in place of the API's answer to `request`. */
export const failureOutcome = (failure: Failure, request: FailedRequest): FakeOutcome => {
  switch (failure._tag) {
    case "ValidationError":
      return errorBody(
        400,
        failure.detail ?? `Validation failed for ${request.method.toUpperCase()} ${request.pathname}`,
        failure.issues ?? defaultIssues(request.match)
      )
    case "ClientError":
      return errorBody(400, failure.detail ?? "Bad Request", failure.extra === undefined ? {} : failure.extra)
    case "Reset":
      return { _tag: "Reset" }
    case "TooManyRequests":
      return withHeaders(errorBody(429, reasonPhrases[429]!, {}), {
        "retry-after": String(failure.retryAfterSeconds ?? 1)
      })
    case "ServerError": {
      const status = failure.status ?? 500
      const outcome = errorBody(status, reasonPhrases[status] ?? "Server Error", {})
      return failure.retryAfterSeconds === undefined
        ? outcome
        : withHeaders(outcome, { "retry-after": String(failure.retryAfterSeconds) })
    }
  }
}

/** The faults of a fake: its script (which grows with `inject`) and its rates. */
export interface FaultSource {
  /**
   * The next request's faults: the script first, then the rates (four draws per request, always, then one
   * for each 400 rate that is given).
   */
  readonly next: () => FaultPlan
  /** Appends faults to the script. */
  readonly inject: (faults: ReadonlyArray<Fault>) => void
  /** Forgets the script (the PRNG goes on). */
  readonly clear: () => void
}

/** The fault source of `options`, drawing its rates from `random`. */
export const makeFaultSource = (options: FaultOptions | undefined, random: Prng): FaultSource => {
  let script: Array<Fault> = [...(options?.script ?? [])]
  const rates = options?.rates
  const fromRates = (rates: FaultRates): FaultPlan => {
    const [latency, reset, tooMany, server] = [random.next(), random.next(), random.next(), random.next()]
    // drawn only when given, so a fake without them draws what it drew before they existed
    const validation = rates.validationError === undefined ? 1 : random.next()
    const client = rates.clientError === undefined ? 1 : random.next()
    const delay = rates.latency !== undefined && latency < rates.latency.probability
      ? checkedDelay(rates.latency.delay)
      : undefined
    const failure: Failure | undefined = rates.reset !== undefined && reset < rates.reset.probability
      ? { _tag: "Reset", applied: rates.reset.applied ?? false }
      : rates.tooManyRequests !== undefined && tooMany < rates.tooManyRequests.probability
      ? { _tag: "TooManyRequests", retryAfterSeconds: rates.tooManyRequests.retryAfterSeconds ?? 1 }
      : rates.serverError !== undefined && server < rates.serverError.probability
      ? { _tag: "ServerError", status: rates.serverError.status ?? 503, applied: rates.serverError.applied ?? false }
      : rates.validationError !== undefined && validation < rates.validationError.probability
      ? { _tag: "ValidationError", issues: rates.validationError.issues, detail: rates.validationError.detail }
      : rates.clientError !== undefined && client < rates.clientError.probability
      ? { _tag: "ClientError", detail: rates.clientError.detail, extra: rates.clientError.extra }
      : undefined
    return { delay, failure }
  }
  return {
    next: () => {
      const scripted = script.shift()
      if (scripted !== undefined) return planOf(scripted)
      return rates === undefined ? noFault : fromRates(rates)
    },
    inject: (faults) => {
      script.push(...faults)
    },
    clear: () => {
      script = []
    }
  }
}
