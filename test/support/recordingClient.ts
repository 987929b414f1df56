/**
 * A swapped `HttpClient` for tests: it records every request the client sends and answers each from a
 * function of the request, as a server would, without a socket.
 */
import { HttpClient, HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { Effect, Layer, Redacted } from "effect"
import { MammothAnalytics } from "../../src/v3/index.js"
import type { ClientOptions } from "../../src/v3/index.js"

/** What the server side of the fake saw of one request. */
export interface SeenRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
}

/** An answer: status, JSON-able body or raw text, headers. */
export interface Answer {
  readonly status: number
  readonly json?: unknown
  readonly text?: string
  readonly headers?: Record<string, string>
}

export const apiKey = "test-key-7f3a9c"
export const apiSecret = "test-secret-51bd0e"
export const apiToken = "mm_test-token-c4e19a"

/** Client options of a test layer: the other options, and credentials that replace the test key and secret. */
export type TestClientOptions = ClientOptions & {
  readonly apiToken?: Redacted.Redacted<string>
  readonly apiKey?: Redacted.Redacted<string>
  readonly apiSecret?: Redacted.Redacted<string>
}

/** Builds a recording client; `answer` may be stateful (count attempts, answer differently each time). */
export const recordingClient = (answer: (request: SeenRequest, attempt: number) => Answer) => {
  const seen: Array<SeenRequest> = []
  const client = HttpClient.make((request, url) =>
    Effect.sync(() => {
      const body = request.body._tag === "Uint8Array"
        ? new TextDecoder().decode(request.body.body)
        : undefined
      const entry: SeenRequest = { method: request.method, url, headers: { ...request.headers }, body }
      seen.push(entry)
      const a = answer(entry, seen.length)
      const text = a.text ?? (a.json === undefined ? null : JSON.stringify(a.json))
      const headers = new Headers(a.headers ?? {})
      if (a.json !== undefined && !headers.has("content-type")) headers.set("content-type", "application/json")
      return HttpClientResponse.fromWeb(
        request,
        new Response(a.status === 204 ? null : text, { status: a.status, headers })
      )
    })
  )
  return { seen, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

/**
 * `MammothAnalytics.layer` over a recording client, with a loopback server URL and the test key and secret
 * (or `options.apiToken`, which replaces them).
 */
export const mammothOver = (
  answer: (request: SeenRequest, attempt: number) => Answer,
  options?: TestClientOptions
) => {
  const recording = recordingClient(answer)
  const { apiKey: key, apiSecret: secret, apiToken: token, ...rest } = options ?? {}
  const layer = MammothAnalytics.layer({
    serverUrl: "http://127.0.0.1:4010/api/v2",
    ...rest,
    ...(token !== undefined
      ? { apiToken: token }
      : { apiKey: key ?? Redacted.make(apiKey), apiSecret: secret ?? Redacted.make(apiSecret) })
  }).pipe(Layer.provide(recording.layer))
  return { seen: recording.seen, layer }
}

/** The scope every test operation uses. */
export const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" } as const

/** A wire error body, as the server sends it. */
export const errorBody = (status: number, detail: string, extra: unknown) => ({ status_code: status, detail, extra })

export { HttpClientRequest }
