/**
 * Keeps secrets out of the failures that leave this client.
 *
 * `@effect/platform`'s `RequestError` holds the request it failed on, with every header and the body; its
 * `JSON.stringify`, `util.inspect` and `String()` outside Effect's logger print them in clear. Each one that
 * leaves this client is rebuilt on a copy of the request that keeps only its method and URL, around a copy of
 * its cause (`core/transport.ts`, for both Effect lines).
 *
 * @internal
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { describeCause, errorCode, scrubCause, unknownTransportFailure } from "../../core/transport.js"
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
  const code = errorCode(error.cause)
  return new MammothAnalyticsTransportError({
    operation,
    method: error.request.method,
    url: error.request.url,
    description: scrubbed.description ?? unknownTransportFailure,
    ...(code === undefined ? {} : { code }),
    cause: scrubbed
  })
}

/** Rebuilds a `RequestError` on a request with no headers and no body; its cause loses the request too. */
export const scrubRequestError = (error: HttpClientError.RequestError): HttpClientError.RequestError => {
  const description = error.description ?? describeCause(error.cause)
  return new HttpClientError.RequestError({
    request: HttpClientRequest.make(error.request.method)(error.request.url),
    reason: error.reason,
    cause: scrubCause(error.cause),
    ...(description === undefined ? {} : { description })
  })
}
