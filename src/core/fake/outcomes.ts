/**
 * The fake's answers as plain outcomes: a JSON response, the spec's error body `{status_code, detail, extra}`,
 * and headers added to a response.
 *
 * @internal
 */
import type { FakeOutcome } from "./model.js"

/** A JSON response. */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeOutcome => ({
  _tag: "Response",
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body)
})

/** A response with the spec's error body. */
export const errorBody = (status: number, detail: string, extra: unknown): FakeOutcome =>
  json(status, { status_code: status, detail, extra })

/** The reason phrases of the statuses a fault answers with. */
export const reasonPhrases: Readonly<Record<number, string>> = {
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}

/** A response with `headers` added (a reset has none). */
export const withHeaders = (outcome: FakeOutcome, headers: Record<string, string>): FakeOutcome =>
  outcome._tag === "Response" ? { ...outcome, headers: { ...outcome.headers, ...headers } } : outcome

/** The answer to a bug of the fake: a 500, never a crash of the test or of the server. */
export const internalError = (defect: unknown): FakeOutcome =>
  errorBody(500, "Internal Server Error", { defect: String(defect) })
