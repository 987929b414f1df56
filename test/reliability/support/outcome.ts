/**
 * Reduces a call's `Exit` to the facts the suites assert on: success and its value, or the failure's `_tag`
 * with its status, a transport failure's system error code, or a timeout's scope; a defect or an interruption
 * is reported as such, never mistaken for a failure.
 */
import { Cause, Exit, Option, Redacted } from "effect"

export type Outcome =
  | { readonly outcome: "success"; readonly value: unknown }
  | {
    readonly outcome: "failure"
    readonly tag: string
    readonly status?: number
    /** A `MammothAnalyticsTransportError`'s `code` (ECONNREFUSED, ECONNRESET, UND_ERR_SOCKET...). */
    readonly code?: string
    /** A `MammothAnalyticsTimeoutError`'s `scope`: "attempt" or "await". */
    readonly scope?: string
  }
  | { readonly outcome: "defect"; readonly cause: string }
  | { readonly outcome: "interrupted" }

export const outcomeOf = (exit: Exit.Exit<unknown, unknown>): Outcome => {
  if (Exit.isSuccess(exit)) return { outcome: "success", value: exit.value }
  const cause = exit.cause
  if (Cause.isDie(cause)) return { outcome: "defect", cause: Cause.pretty(cause) }
  const failure = Cause.failureOption(cause)
  if (Option.isNone(failure)) {
    return Cause.isInterruptedOnly(cause)
      ? { outcome: "interrupted" }
      : { outcome: "defect", cause: Cause.pretty(cause) }
  }
  const error = failure.value as { _tag?: unknown; status?: unknown; code?: unknown; scope?: unknown }
  return {
    outcome: "failure",
    tag: String(error._tag),
    ...(typeof error.status === "number" ? { status: error.status } : {}),
    // the kind of a transport failure, and the scope of a timeout; other errors' reasons are prose, not asserted
    ...(error._tag === "MammothAnalyticsTransportError" && typeof error.code === "string" ? { code: error.code } : {}),
    ...(error._tag === "MammothAnalyticsTimeoutError" && typeof error.scope === "string" ? { scope: error.scope } : {})
  }
}

export const success = (value: unknown): Outcome => ({ outcome: "success", value })

export const failure = (tag: string, extra?: { status?: number; code?: string; scope?: string }): Outcome => ({
  outcome: "failure",
  tag,
  ...extra
})

/**
 * `value` with every `Redacted` replaced by `{ "<Redacted>": its value }`, through plain objects and arrays:
 * structural equality sees no field of a `Redacted` (its value is kept out of the object), so comparing
 * revealed values is what tells two of them apart, and it still fails on a plain string where a `Redacted`
 * was due.
 */
export const reveal = (value: unknown): unknown => {
  if (Redacted.isRedacted(value)) return { "<Redacted>": Redacted.value(value) }
  if (Array.isArray(value)) return value.map(reveal)
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, reveal(field)]))
  }
  return value
}
