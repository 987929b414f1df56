/**
 * The per-call fast paths of the client (issue 5): the remembered list of redacted names, and the redacted
 * header names scoped to a call (`Effect.locallyWith`).
 */
import { HttpClient, HttpClientResponse } from "@effect/platform"
import * as Headers from "@effect/platform/Headers"
import { describe, expect, it } from "@effect/vitest"
import { Effect, FiberRef, Layer, Redacted } from "effect"
import { withSecretHeaderNames } from "../../src/core/headers.js"
import { MammothAnalytics } from "../../src/v3/index.js"

describe("withSecretHeaderNames", () => {
  it("adds the credential headers once, and gives the same array for the same input", () => {
    const names = ["authorization", /cookie/]
    const first = withSecretHeaderNames(names)
    expect(first).toEqual(["authorization", /cookie/, "x-api-key", "x-api-secret"])
    expect(withSecretHeaderNames(names)).toBe(first)
    expect(names).toEqual(["authorization", /cookie/]) // the input is never changed
  })

  it("answers each input by its own content, whatever came before", () => {
    expect(withSecretHeaderNames(["a"])).toEqual(["a", "authorization", "x-api-key", "x-api-secret"])
    expect(withSecretHeaderNames(["x-api-key"])).toEqual(["x-api-key", "authorization", "x-api-secret"])
    // key and secret alone are no longer complete: the token's header is missing
    expect(withSecretHeaderNames(["x-api-secret", "x-api-key"])).toEqual([
      "x-api-secret",
      "x-api-key",
      "authorization"
    ])
    const complete = ["x-api-secret", "authorization", "x-api-key"]
    expect(withSecretHeaderNames(complete)).toBe(complete)
    expect(withSecretHeaderNames(["a"])).toEqual(["a", "authorization", "x-api-key", "x-api-secret"])
    expect(withSecretHeaderNames([])).toEqual(["authorization", "x-api-key", "x-api-secret"])
  })
})

describe("a call scopes the redacted header names to itself", () => {
  const body = JSON.stringify({ connections: [] })

  it.effect("the HttpClient sees the credential headers redacted; the caller's list is untouched after", () =>
    Effect.gen(function*() {
      const seen: Array<ReadonlyArray<string | RegExp>> = []
      const fake = Layer.succeed(
        HttpClient.HttpClient,
        HttpClient.make((request) =>
          Effect.map(FiberRef.get(Headers.currentRedactedNames), (names) => {
            seen.push(names)
            return HttpClientResponse.fromWeb(request, new Response(body, { status: 200 }))
          })
        )
      )
      const live = MammothAnalytics.layer({
        apiKey: Redacted.make("key"),
        apiSecret: Redacted.make("secret"),
        serverUrl: "http://127.0.0.1:1/api/v2"
      }).pipe(Layer.provide(fake))
      const mine = ["x-mine"]
      const after = yield* Effect.gen(function*() {
        const mammoth = yield* MammothAnalytics
        for (let i = 0; i < 3; i++) {
          yield* mammoth.connections.list({ workspaceId: 1, projectId: 2, connectorKey: "abc" })
        }
        yield* Effect.flip(mammoth.connections.list({ workspaceId: 0, projectId: 2, connectorKey: "abc" }))
        return yield* FiberRef.get(Headers.currentRedactedNames)
      }).pipe(Effect.provide(live), Effect.locally(Headers.currentRedactedNames, mine))
      expect(after).toBe(mine)
      expect(seen).toHaveLength(3)
      for (const names of seen) {
        expect(names).toEqual(["x-mine", "authorization", "x-api-key", "x-api-secret"])
      }
    }))

  it.effect("in token mode too, and the transport's redaction hides the bearer token", () =>
    Effect.gen(function*() {
      const token = "mm_fast-path-token-1e9"
      const rendered: Array<string> = []
      const fake = Layer.succeed(
        HttpClient.HttpClient,
        HttpClient.make((request) =>
          Effect.map(FiberRef.get(Headers.currentRedactedNames), (names) => {
            // what a transport's log or error would print of the request's headers
            rendered.push(JSON.stringify(Headers.redact(request.headers, names)))
            return HttpClientResponse.fromWeb(request, new Response(body, { status: 200 }))
          })
        )
      )
      const live = MammothAnalytics.layer({ apiToken: Redacted.make(token), serverUrl: "http://127.0.0.1:1/api/v2" })
        .pipe(Layer.provide(fake))
      yield* Effect.flatMap(MammothAnalytics, (m) =>
        m.connections.list({ workspaceId: 1, projectId: 2, connectorKey: "abc" }))
        .pipe(Effect.provide(live))
      expect(rendered).toHaveLength(1)
      expect(rendered[0]).toContain("authorization")
      expect(rendered[0]).not.toContain(token)
    }))
})
