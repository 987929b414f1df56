/**
 * Reduces a call's `Outcome` (from any line) to the facts the suites assert on: success and its value, or the
 * failure's `_tag` with its status, a transport failure's system error code, or a timeout's scope; a defect or
 * an interruption is reported as such, never mistaken for a failure.
 */
import type { Outcome } from "../../lines/Line.js"

export type Facts =
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

export const factsOf = (outcome: Outcome): Facts => {
  switch (outcome._tag) {
    case "Success":
      return { outcome: "success", value: outcome.value }
    case "Interrupted":
      return { outcome: "interrupted" }
    case "Defect":
      return { outcome: "defect", cause: outcome.view.pretty[0] ?? String(outcome.defect) }
    case "Failure": {
      const error = outcome.error as { _tag?: unknown; status?: unknown; code?: unknown; scope?: unknown }
      return {
        outcome: "failure",
        tag: String(error._tag),
        ...(typeof error.status === "number" ? { status: error.status } : {}),
        // the kind of a transport failure, and the scope of a timeout; other errors' reasons are prose, not asserted
        ...(error._tag === "MammothAnalyticsTransportError" && typeof error.code === "string"
          ? { code: error.code }
          : {}),
        ...(error._tag === "MammothAnalyticsTimeoutError" && typeof error.scope === "string"
          ? { scope: error.scope }
          : {})
      }
    }
  }
}

export const success = (value: unknown): Facts => ({ outcome: "success", value })

export const failure = (tag: string, extra?: { status?: number; code?: string; scope?: string }): Facts => ({
  outcome: "failure",
  tag,
  ...extra
})

/** The marker `Line.reveal` puts in place of a `Redacted`, for expected values. */
export const redacted = (value: string) => ({ "<Redacted>": value })
