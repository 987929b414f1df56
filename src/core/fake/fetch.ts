/**
 * The fake as an in-memory `fetch` (no socket): the web `Request` read into the engine's plain request, the
 * outcome written back as a `Response`, and a reset rejected as undici's `fetch` rejects one.
 *
 * @internal
 */
import type { AnswerRequest, FakeRequest } from "./model.js"
import { basePath } from "./routes.js"

/**
 * The base URL to give a client of the in-memory `fetch`. Nothing resolves it (`.invalid`): requests never
 * leave the process. It is `https`, so the client's refusal of plain `http` to other hosts does not apply.
 */
export const memoryServerUrl = `https://mammoth-fake.invalid${basePath}`

/** The rejection undici's fetch gives on a connection reset. */
export const resetError = (): TypeError =>
  new TypeError("fetch failed", {
    cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", errno: -104, syscall: "read" })
  })

/** The engine's request of a web `Request` whose body is `body`: only the path and query of its URL count. */
const fakeRequestOf = (request: Request, body: string): FakeRequest => {
  const url = new URL(request.url)
  return {
    method: request.method,
    url: url.pathname + url.search,
    headers: Object.fromEntries(request.headers),
    body
  }
}

/**
 * A `fetch` served by `answer` in memory: only the path and query of the URL matter; the request's signal is
 * passed on, so aborting it stops the answer (a latency fault stops waiting).
 */
export const makeFetch = (answer: AnswerRequest): typeof globalThis.fetch => {
  const fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    return request.text().then((body) => answer(fakeRequestOf(request, body), request.signal)).then((outcome) =>
      outcome._tag === "Reset"
        ? Promise.reject(resetError())
        : new Response(outcome.body ?? null, { status: outcome.status, headers: outcome.headers })
    )
  }
  return fetch as typeof globalThis.fetch
}
