/**
 * Keeps secrets out of the transport failures that leave this client, on effect 4: `effect/http`'s
 * `HttpClientError` holds the request it failed on, every header and the body (`util.inspect` and its `request`
 * show them), and the transport's error, which may carry the request's options. Each one that leaves is rebuilt
 * on a request with only its method and URL, around a copy of its cause (`core/transport.ts`).
 *
 * @internal
 */
import * as Headers from "effect/http/Headers"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import { scrubCause, transportFields } from "../../core/transport.js"
import type { OperationId } from "../Errors.js"
import { MammothAnalyticsTransportError } from "../Errors.js"

/** The transport failure of `operation` on `request`, its platform error rebuilt without headers and body. */
export const transportError = (
  operation: OperationId,
  request: HttpClientRequest.HttpClientRequest,
  cause: unknown,
  description: string | undefined
): MammothAnalyticsTransportError => {
  const { described, fields } = transportFields(operation, request.method, request.url, cause, description)
  const bare = HttpClientRequest.makeWith(
    request.method,
    request.url,
    request.urlParams,
    request.hash,
    Headers.empty,
    HttpBody.empty
  )
  const scrubbed = new HttpClientError.HttpClientError({
    reason: new HttpClientError.TransportError({
      request: bare,
      cause: scrubCause(cause),
      ...(described === undefined ? {} : { description: described })
    })
  })
  return new MammothAnalyticsTransportError({ ...fields, cause: scrubbed })
}
