/**
 * Response headers as errors keep them: secret values redacted. The header rules themselves are in
 * `core/headers.ts`.
 *
 * @internal
 */
import * as Headers from "@effect/platform/Headers"
import { plainRedactedHeaders } from "../../core/headers.js"

/** Response headers with secret values replaced by `<redacted>`, as plain strings for errors. */
export const redactForError = (
  headers: Headers.Headers,
  names: ReadonlyArray<string | RegExp>
): Record<string, string> => plainRedactedHeaders(Headers.redact(headers, names))
