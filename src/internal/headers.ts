/**
 * Response headers as errors keep them: secret values redacted. The header rules themselves are in
 * `core/headers.ts`.
 *
 * @internal
 */
import * as Headers from "@effect/platform/Headers"

/** Response headers with secret values replaced by `<redacted>`, as plain strings for errors. */
export const redactForError = (
  headers: Headers.Headers,
  names: ReadonlyArray<string | RegExp>
): Record<string, string> => {
  const redacted = Headers.redact(headers, names)
  const out: Record<string, string> = {}
  for (const name of Object.keys(redacted)) {
    const value = redacted[name]
    out[name] = typeof value === "string" ? value : "<redacted>"
  }
  return out
}
