/**
 * Which error a non-2xx answer is, the same on both Effect lines: the operation's status table names the
 * statuses with a body of their own, the body `{status_code, detail, extra}` gives their fields, and a 400's
 * `extra` tells a Validation Exception (a list) from a Client Error (anything else), as the server does.
 *
 * @internal
 */
import { maskedValue, redactedMask } from "./secrets.js"

/** The kinds of error an answer's status can be, each one class on each Effect line. */
export type StatusErrorKind = "ClientError" | "ValidationError" | "Unauthorized" | "Forbidden" | "Default"

/** The fields of an error whose status the table names, from its body (or from the status alone). */
export interface ErrorBodyFields {
  readonly statusCode: number
  readonly detail: string
  readonly extra: unknown
}

const reasonPhrases: Readonly<Record<number, string>> = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden" }

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null

/**
 * The spec's error body, checked by hand: an object with a (safe) integer `status_code`, a string `detail` and an
 * optional `extra` that is `null`, an object or an array. A test holds it equal to `Schemas.ErrorBody`.
 */
export const isErrorBody = (
  json: unknown
): json is { readonly status_code: number; readonly detail: string; readonly extra?: unknown } => {
  if (!isObject(json) || Array.isArray(json)) return false
  if (!Number.isSafeInteger(json.status_code) || typeof json.detail !== "string") return false
  return json.extra === undefined || json.extra === null || isObject(json.extra)
}

/** The body's JSON, or `undefined` when it is not JSON. */
const parsed = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/**
 * The kind of error of a non-2xx answer, and for a status the table names, its fields: from the body when it
 * has the spec's shape (`extra` masked as an error's body is: every value under `connection_config` and of a
 * secret-named field), else the status, its reason phrase and a `null` extra (a proxy's HTML page still gets its
 * class by status).
 */
export const classifyStatus = (
  table: ReadonlyArray<number>,
  status: number,
  text: string
): { readonly kind: "Default" } | {
  readonly kind: Exclude<StatusErrorKind, "Default">
  readonly fields: ErrorBodyFields
} => {
  if (!table.includes(status)) return { kind: "Default" }
  const json = parsed(text)
  const fields: ErrorBodyFields = isErrorBody(json)
    ? { statusCode: json.status_code, detail: json.detail, extra: maskedValue(json.extra ?? null, redactedMask) }
    : { statusCode: status, detail: reasonPhrases[status] ?? "Error", extra: null }
  if (status === 401) return { kind: "Unauthorized", fields }
  if (status === 403) return { kind: "Forbidden", fields }
  return { kind: Array.isArray(fields.extra) ? "ValidationError" : "ClientError", fields }
}
