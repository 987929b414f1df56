/**
 * Keeps secrets out of the transport failures that leave this client, on effect 3: `@effect/platform`'s
 * `RequestError` holds the request it failed on, every header and the body (its `JSON.stringify`, `util.inspect`
 * and `String()` print them), and the transport's error, which may carry the request's options. Each one that
 * leaves is rebuilt on a request with only its method and URL, around a copy of its cause (`core/transport.ts`).
 *
 * @internal
 */
import * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
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
  const bare = HttpClientRequest.make(request.method)(request.url)
  const scrubbed = new HttpClientError.RequestError({
    request: bare,
    reason: "Transport",
    cause: scrubCause(cause),
    ...(described === undefined ? {} : { description: described })
  })
  return new MammothAnalyticsTransportError({ ...fields, cause: scrubbed })
}
