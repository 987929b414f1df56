/**
 * MammothAnalytics.layerConfig reads the MAMMOTHANALYTICS_* variables through effect's Config.
 */
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Layer } from "effect"
import { MammothAnalytics } from "../../src/index.js"
import { recordingClient, scope } from "../support/recordingClient.js"

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
})
