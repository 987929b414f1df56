/**
 * An in-memory `fetch` for the Effect 4 line's tests: it records every request the client sends (method, URL,
 * headers, body, fetch options) and answers each from a function of the request, as a server would, without a
 * socket. Given to `FetchHttpClient` through `FetchHttpClient.Fetch`.
 */
import { Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import type { ClientOptions, Credentials } from "../../../src/v4/index.js"
import { MammothAnalytics } from "../../../src/v4/index.js"

/** One request as the fake saw it. */
export interface Seen {
  readonly method: string
  readonly url: URL
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
  /** The fetch options other than method, headers, body and signal (`redirect`...). */
  readonly init: Readonly<Record<string, unknown>>
}

/** An answer: status, JSON-able body or raw text, headers. */
export interface Answer {
  readonly status: number
  readonly json?: unknown
  readonly text?: string
  readonly headers?: Record<string, string>
}

export const apiKey = "v4-key-7f3a9c"
export const apiSecret = "v4-secret-51bd0e"
export const apiToken = "mm_v4-token-c4e19a"

/** The token credentials of the tests. */
export const token: Credentials = { apiToken: Redacted.make(apiToken) }

/** The key and secret credentials of the tests. */
export const keys: Credentials = { apiKey: Redacted.make(apiKey), apiSecret: Redacted.make(apiSecret) }

/** The base URL the fake answers on. */
export const serverUrl = "http://127.0.0.1:4010/api/v2"

const readHeaders = (headers: unknown): Record<string, string> => {
  const out: Record<string, string> = {}
  if (headers instanceof globalThis.Headers) {
    headers.forEach((value, name) => (out[name] = value))
    return out
  }
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (typeof value === "string") out[name.toLowerCase()] = value
  }
  return out
}

const readBody = (body: unknown): string | undefined => {
  if (body === undefined || body === null) return undefined
  if (typeof body === "string") return body
  if (body instanceof Uint8Array) return new TextDecoder().decode(body)
  return String(body)
}

/** A fetch that records each request and answers it with `answer` (called with the request and its number). */
export const recordingFetch = (answer: (request: Seen, attempt: number) => Answer | Promise<Answer>) => {
  const seen: Array<Seen> = []
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const { body, headers, method, signal: _signal, ...rest } = init ?? {}
    const entry: Seen = {
      method: method ?? "GET",
      url: new URL(String(input)),
      headers: readHeaders(headers),
      body: readBody(body),
      init: rest
    }
    seen.push(entry)
    const a = await answer(entry, seen.length)
    const text = a.text ?? (a.json === undefined ? null : JSON.stringify(a.json))
    const responseHeaders = new globalThis.Headers(a.headers ?? {})
    if (a.json !== undefined && !responseHeaders.has("content-type")) {
      responseHeaders.set("content-type", "application/json")
    }
    return new Response(a.status === 204 || a.status === 304 ? null : text, {
      status: a.status,
      headers: responseHeaders
    })
  }
  return { fetch: fetch as typeof globalThis.fetch, seen }
}

/** `FetchHttpClient.layer` over a given fetch. */
export const fetchLayer = (fetch: typeof globalThis.fetch) =>
  FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.Fetch, fetch)))

/** The service over a recording fetch: token credentials and the fake's URL unless `options` say otherwise. */
export const recording = (
  answer: (request: Seen, attempt: number) => Answer | Promise<Answer>,
  options: Partial<Credentials> & ClientOptions = {}
) => {
  const { fetch, seen } = recordingFetch(answer)
  const credentials = options.apiKey !== undefined || options.apiSecret !== undefined ? {} : token
  const layer = MammothAnalytics.layer({ ...credentials, serverUrl, ...options } as Credentials & ClientOptions)
    .pipe(Layer.provide(fetchLayer(fetch)))
  return { layer, seen }
}

/** Connections' common input. */
export const scope = { workspaceId: 4, projectId: 7, connectorKey: "cG9zdGdyZXM=" } as const

/** A job as `GET /jobs/{id}` answers it. */
export const jobBody = (id: number, status: string, response: unknown = null) => ({
  job: {
    id,
    status,
    response,
    created_at: "2026-11-28T10:00:00Z",
    last_updated_at: "2026-11-28T10:00:01Z",
    path: "/jobs",
    operation: "CreateConnection"
  }
})
