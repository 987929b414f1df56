/**
 * MammothAnalytics.layerConfig reads the MAMMOTHANALYTICS_* variables through effect's Config.
 */
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import * as util from "node:util"
import { MammothAnalytics } from "../../src/v3/index.js"
import { recordingClient, scope } from "../support/recordingClient.js"

const listed = { status: 200, json: { connections: [] } }

/** `layerConfig()` over a recording client, configured from `env`. */
const configured = (env: Record<string, string>) => {
  const { layer: client, seen } = recordingClient(() => listed)
  const live = MammothAnalytics.layerConfig().pipe(Layer.provide(client), Layer.provide(withEnv(env)))
  return { live, seen }
}

const withEnv = (env: Record<string, string>) =>
  Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

describe("layerConfig", () => {
  it.effect("reads key, secret and server URL", () =>
    Effect.gen(function*() {
      const { layer: client, seen } = recordingClient(() => ({ status: 200, json: { connections: [] } }))
      const live = MammothAnalytics.layerConfig().pipe(
        Layer.provide(client),
        Layer.provide(withEnv({
          MAMMOTHANALYTICS_API_KEY: "env-key",
          MAMMOTHANALYTICS_API_SECRET: "env-secret",
          MAMMOTHANALYTICS_SERVER_URL: "http://127.0.0.1:4999/api/v2/"
        }))
      )
      yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), live)
      expect(seen[0]!.url.origin).toBe("http://127.0.0.1:4999")
      expect(seen[0]!.headers["x-api-key"]).toBe("env-key")
      expect(seen[0]!.headers["x-api-secret"]).toBe("env-secret")
    }))

  it.effect("without a server URL, the spec's default", () =>
    Effect.gen(function*() {
      const { layer: client, seen } = recordingClient(() => ({ status: 200, json: { connections: [] } }))
      const live = MammothAnalytics.layerConfig().pipe(
        Layer.provide(client),
        Layer.provide(withEnv({ MAMMOTHANALYTICS_API_KEY: "k", MAMMOTHANALYTICS_API_SECRET: "s" }))
      )
      yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), live)
      expect(seen[0]!.url.origin).toBe("https://app.mammoth.io")
    }))

  it.effect("a missing secret is a ConfigError that does not quote the key", () =>
    Effect.gen(function*() {
      const { layer: client } = recordingClient(() => ({ status: 200, json: { connections: [] } }))
      const live = MammothAnalytics.layerConfig().pipe(
        Layer.provide(client),
        Layer.provide(withEnv({ MAMMOTHANALYTICS_API_KEY: "visible-key-value" }))
      )
      const error = yield* Effect.flip(
        Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), live)
      )
      expect(error._tag).toBe("ConfigError")
      expect(String(error)).toContain("MAMMOTHANALYTICS_API_SECRET")
      expect(String(error)).not.toContain("visible-key-value")
    }))

  it.effect("a token alone: Authorization: Bearer <token>, no key, secret or workspace header", () =>
    Effect.gen(function*() {
      const { live, seen } = configured({ MAMMOTHANALYTICS_API_TOKEN: "mm_env-token-5a1" })
      yield* Effect.provide(
        Effect.flatMap(MammothAnalytics, (m) => m.connections.list({ ...scope, workspaceId: 31 })),
        live
      )
      expect(seen).toHaveLength(1)
      expect(seen[0]!.headers["authorization"]).toBe("Bearer mm_env-token-5a1")
      expect(seen[0]!.headers["x-api-key"]).toBeUndefined()
      expect(seen[0]!.headers["x-api-secret"]).toBeUndefined()
      expect(seen[0]!.headers["x-workspace-id"]).toBeUndefined()
      expect(seen[0]!.url.origin).toBe("https://app.mammoth.io")
    }))

  it.effect("a key and secret alone: X-API-KEY, X-API-SECRET and X-WORKSPACE-ID (the call's), no Authorization", () =>
    Effect.gen(function*() {
      const { live, seen } = configured({
        MAMMOTHANALYTICS_API_KEY: "env-key",
        MAMMOTHANALYTICS_API_SECRET: "env-secret"
      })
      yield* Effect.provide(
        Effect.flatMap(MammothAnalytics, (m) =>
          Effect.zip(
            m.connections.list({ ...scope, workspaceId: 31 }),
            m.connections.get({ ...scope, workspaceId: 32, connectionKey: "k" })
          )),
        live
      )
      expect(seen).toHaveLength(2)
      expect(seen.map((r) => r.headers["x-workspace-id"])).toEqual(["31", "32"])
      for (const request of seen) {
        expect(request.headers["x-api-key"]).toBe("env-key")
        expect(request.headers["x-api-secret"]).toBe("env-secret")
        expect(request.headers["authorization"]).toBeUndefined()
      }
    }))

  it.effect("a token wins when the key and secret are set too", () =>
    Effect.gen(function*() {
      const { live, seen } = configured({
        MAMMOTHANALYTICS_API_TOKEN: "mm_env-token-5a1",
        MAMMOTHANALYTICS_API_KEY: "env-key",
        MAMMOTHANALYTICS_API_SECRET: "env-secret"
      })
      yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), live)
      expect(seen).toHaveLength(1)
      expect(seen[0]!.headers["authorization"]).toBe("Bearer mm_env-token-5a1")
      expect(seen[0]!.headers["x-api-key"]).toBeUndefined()
      expect(seen[0]!.headers["x-api-secret"]).toBeUndefined()
      expect(seen[0]!.headers["x-workspace-id"]).toBeUndefined()
    }))

  it.effect("a token with a key but no secret still works: the token is enough", () =>
    Effect.gen(function*() {
      const { live, seen } = configured({ MAMMOTHANALYTICS_API_TOKEN: "mm_t", MAMMOTHANALYTICS_API_KEY: "env-key" })
      yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), live)
      expect(seen[0]!.headers["authorization"]).toBe("Bearer mm_t")
      expect(seen[0]!.headers["x-api-key"]).toBeUndefined()
    }))

  it.effect("neither credential form: a ConfigError that names both, and nothing is sent", () =>
    Effect.gen(function*() {
      for (const env of [{}, { MAMMOTHANALYTICS_SERVER_URL: "https://example.com/api/v2" }]) {
        const { live, seen } = configured(env)
        const error = yield* Effect.flip(
          Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), live)
        )
        expect(error._tag).toBe("ConfigError")
        const text = String(error)
        expect(text).toContain("MAMMOTHANALYTICS_API_TOKEN")
        expect(text).toContain("MAMMOTHANALYTICS_API_KEY")
        expect(seen).toHaveLength(0)
      }
    }))

  it.effect("an empty key or secret counts as unset, as on the Effect 4 line: the layer fails at start", () =>
    Effect.gen(function*() {
      for (
        const env of [
          { MAMMOTHANALYTICS_API_KEY: "", MAMMOTHANALYTICS_API_SECRET: "visible-secret-value" },
          { MAMMOTHANALYTICS_API_KEY: "visible-key-value", MAMMOTHANALYTICS_API_SECRET: "" }
        ]
      ) {
        const { live, seen } = configured(env)
        const error = yield* Effect.flip(Effect.provide(Effect.void, live))
        expect(error._tag).toBe("ConfigError")
        const text = String(error)
        expect(text).toContain("MAMMOTHANALYTICS_API_TOKEN")
        expect(text).toMatch(/MAMMOTHANALYTICS_API_(KEY|SECRET)/)
        expect(text).not.toContain("visible-")
        expect(seen).toHaveLength(0)
      }
    }))

  it.effect("a blank token, key or secret fails the layer at start, as layer's does: nothing is sent", () =>
    Effect.gen(function*() {
      const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
        [{ MAMMOTHANALYTICS_API_TOKEN: "   " }, "apiToken is blank"],
        [{ MAMMOTHANALYTICS_API_KEY: " ", MAMMOTHANALYTICS_API_SECRET: "visible-secret-value" }, "apiKey is blank"],
        [{ MAMMOTHANALYTICS_API_KEY: "visible-key-value", MAMMOTHANALYTICS_API_SECRET: "\t" }, "apiSecret is blank"]
      ]
      for (const [env, reason] of cases) {
        const { live, seen } = configured(env)
        const error = yield* Effect.flip(
          Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), live)
        )
        expect(error._tag).toBe("ConfigError")
        expect(String(error)).toContain(reason)
        expect(`${String(error)} ${util.inspect(error)}`).not.toContain("visible-")
        expect(seen).toHaveLength(0)
      }
    }))

  it.effect("a key without its secret: the ConfigError names the token and the secret, never the key's value", () =>
    Effect.gen(function*() {
      const { live, seen } = configured({ MAMMOTHANALYTICS_API_KEY: "visible-key-value" })
      const error = yield* Effect.flip(
        Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), live)
      )
      expect(error._tag).toBe("ConfigError")
      expect(String(error)).toContain("MAMMOTHANALYTICS_API_TOKEN")
      expect(String(error)).toContain("MAMMOTHANALYTICS_API_SECRET")
      expect(String(error)).not.toContain("visible-key-value")
      expect(seen).toHaveLength(0)
    }))

  it.effect("a configured server URL with plain http off loopback fails the layer, unless allowed", () =>
    Effect.gen(function*() {
      const env = { MAMMOTHANALYTICS_API_TOKEN: "mm_t", MAMMOTHANALYTICS_SERVER_URL: "http://mammoth.invalid/api/v2" }
      const refused = configured(env)
      const error = yield* Effect.flip(Effect.provide(Effect.void, refused.live))
      expect(error._op).toBe("InvalidData")
      expect(String(error)).toContain("serverUrl is plain http to a host other than loopback")
      expect(refused.seen).toHaveLength(0)

      const { layer: client, seen } = recordingClient(() => listed)
      const allowed = MammothAnalytics.layerConfig({ allowInsecureHttp: true }).pipe(
        Layer.provide(client),
        Layer.provide(withEnv(env))
      )
      yield* Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), allowed)
      expect(seen[0]!.url.origin).toBe("http://mammoth.invalid")
    }))

  it.effect("a configured server URL with a password fails the layer, the password in no rendering", () =>
    Effect.gen(function*() {
      const { live, seen } = configured({
        MAMMOTHANALYTICS_API_TOKEN: "mm_t",
        MAMMOTHANALYTICS_SERVER_URL: "https://bob:pw-77e1@app.mammoth.io/api/v2"
      })
      const error = yield* Effect.flip(
        Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), live)
      )
      expect(error._tag).toBe("ConfigError")
      expect(String(error)).toContain("serverUrl must not carry a user name or password")
      expect(`${String(error)} ${JSON.stringify(error)} ${util.inspect(error)}`).not.toContain("pw-77e1")
      expect(seen).toHaveLength(0)
    }))
})
