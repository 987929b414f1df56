/**
 * The global `fetch`, with every response body behind a pull-only stream: a chunk is taken from the transport only
 * when the client asks for one (no read-ahead), and each chunk the client pulled is handed to `onChunk`. A suite
 * gives it to a line as its transport (the line's `FetchHttpClient` over this `fetch`, real HTTP), and so knows
 * exactly what of a body reached the client: how much (a limit is measured, not timed), and what (a sentinel the
 * server sent did arrive, so its absence from an error is not vacuous).
 */
import type { FetchFunction } from "../../lines/Line.js"

export const tappedFetch = (onChunk: (chunk: Uint8Array) => void): FetchFunction => async (input, init) => {
  const response = await fetch(input, init)
  if (response.body === null) return response
  const reader = response.body.getReader()
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read()
      if (next.done) return controller.close()
      onChunk(next.value)
      controller.enqueue(next.value)
    },
    cancel: (reason) => reader.cancel(reason)
  }, { highWaterMark: 0 })
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers })
}
