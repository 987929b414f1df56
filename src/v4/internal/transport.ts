/**
 * Keeps secrets out of the transport failures that leave this client, on effect 4.
 *
 * `effect/http`'s `HttpClientError` holds the request it failed on, with every header and the body (its own
 * `toJSON` leaves them out, but `util.inspect` and the `request` property show them), and the transport's error,
 * which may carry the request's options. Each one that leaves this client is rebuilt on a request that keeps only
 * its method and URL, around a copy of its cause (`core/transport.ts`, the same on both Effect lines).
 *
 * @internal
 */
import * as Headers from "effect/http/Headers"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import { describeCause, errorCode, scrubCause, unknownTransportFailure } from "../../core/transport.js"
import type { OperationId } from "../Errors.js"
import { MammothAnalyticsTransportError } from "../Errors.js"

/**
 * The transport failure of `operation` on `request`, as this library reports it: method, URL, a one-line
 * description and the system error code, with a `TransportError` rebuilt without headers and body as its cause.
 */
export const transportError = (
  operation: OperationId,
  request: HttpClientRequest.HttpClientRequest,
  cause: unknown,
  description: string | undefined
): MammothAnalyticsTransportError => {
  const described = description ?? describeCause(cause)
  const code = errorCode(cause)
  const scrubbed = new HttpClientError.HttpClientError({
    reason: new HttpClientError.TransportError({
      request: HttpClientRequest.makeWith(
        request.method,
        request.url,
        request.urlParams,
        request.hash,
        Headers.empty,
        HttpBody.empty
      ),
      cause: scrubCause(cause),
      ...(described === undefined ? {} : { description: described })
    })
  })
  return new MammothAnalyticsTransportError({
    operation,
    method: request.method,
    url: request.url,
    description: described ?? unknownTransportFailure,
    ...(code === undefined ? {} : { code }),
    cause: scrubbed
  })
}
