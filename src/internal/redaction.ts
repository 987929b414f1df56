/**
 * Keeps secrets out of the failures that leave this client.
 *
 * `@effect/platform`'s `RequestError` holds the request it failed on, with every header and the body; its
 * `JSON.stringify`, `util.inspect` and `String()` outside Effect's logger print them in clear. Each one that
 * leaves this client is rebuilt on a copy of the request that keeps only its method and URL.
 *
 * @internal
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type { OperationId } from "../Errors.js"
import { MammothAnalyticsTransportError } from "../Errors.js"

/**
 * The transport failure of `operation`, as this library reports it: method, URL, a one-line description and
 * the system error code, with the platform's `RequestError`, rebuilt without headers and body, as its cause.
 */
export const transportError = (
  operation: OperationId,
  error: HttpClientError.RequestError
): MammothAnalyticsTransportError => {
  const scrubbed = scrubRequestError(error)
  const code = error.cause instanceof Error ? errorCode(error.cause) : undefined
  return new MammothAnalyticsTransportError({
    operation,
    method: error.request.method,
    url: error.request.url,
    description: scrubbed.description ?? "the request failed",
    ...(code === undefined ? {} : { code }),
    cause: scrubbed
  })
}

/** Rebuilds a `RequestError` on a request with no headers and no body; its cause loses the request too. */
export const scrubRequestError = (error: HttpClientError.RequestError): HttpClientError.RequestError =>
  new HttpClientError.RequestError({
    request: HttpClientRequest.make(error.request.method)(error.request.url),
    reason: error.reason,
    cause: scrubCause(error.cause),
    ...withDescription(error.description ?? describeCause(error.cause))
  })

const withDescription = (description: string | undefined) => (description === undefined ? {} : { description })

/**
 * The cause of a transport failure as an `Error` of the same name and message (and of its own cause's
 * code), so nothing the transport attached to it (request options, headers) travels along.
 */
const scrubCause = (cause: unknown): unknown => {
  if (!(cause instanceof Error)) return undefined
  const copy = new Error(cause.message)
  copy.name = cause.name
  const code = errorCode(cause)
  if (code !== undefined) (copy as Error & { code?: string }).code = code
  return copy
}

const errorCode = (error: Error): string | undefined => {
  const own = (error as { code?: unknown }).code
  if (typeof own === "string") return own
  const inner = (error as { cause?: unknown }).cause
  if (inner instanceof Error) {
    const code = (inner as { code?: unknown }).code
    if (typeof code === "string") return code
  }
  return undefined
}

const describeCause = (cause: unknown): string | undefined => {
  if (!(cause instanceof Error)) return undefined
  const code = errorCode(cause)
  const inner = (cause as { cause?: unknown }).cause
  const detail = inner instanceof Error && inner.message !== cause.message ? `: ${inner.message}` : ""
  return `${cause.message}${detail}${
    code !== undefined && !`${cause.message}${detail}`.includes(code) ? ` (${code})` : ""
  }`
}
