/**
 * `MammothAnalytics.layerConfig(options)` takes `Config`s for the credentials and the server URL, each
 * replacing the MAMMOTHANALYTICS_* variable it stands for; the token is still tried first, and the other
 * options stay plain values.
 */
import { describe, expect, it } from "@effect/vitest"
import { Config, ConfigProvider, Effect, Layer } from "effect"
import { MammothAnalytics } from "../../src/v3/index.js"
import type { LayerConfigOptions } from "../../src/v3/index.js"
import { recordingClient, scope } from "../support/recordingClient.js"

/** `layerConfig(options)` over a recording client, configured from `env`; one `list` call. */
const listWith = (env: Record<string, string>, options?: LayerConfigOptions) =>
  Effect.gen(function*() {
    const { layer: client, seen } = recordingClient(() => ({ status: 200, json: { connections: [] } }))
    const live = MammothAnalytics.layerConfig(options).pipe(
      Layer.provide(client),
      Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))
    )
    const result = yield* Effect.either(
      Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), live)
    )
    return { result, seen }
  })

describe("layerConfig with Configs", () => {
  it.effect("a given token Config replaces MAMMOTHANALYTICS_API_TOKEN", () =>
    Effect.gen(function*() {
      const { result, seen } = yield* listWith(
        { MY_TOKEN: "mm_from-my-variable", MAMMOTHANALYTICS_API_TOKEN: "mm_not-this-one" },
        { apiToken: Config.redacted("MY_TOKEN") }
      )
      expect(result._tag).toBe("Right")
      expect(seen[0]!.headers["authorization"]).toBe("Bearer mm_from-my-variable")
    }))

  it.effect("given key and secret Configs are read when no token is set; the token still comes first", () =>
    Effect.gen(function*() {
      const options = { apiKey: Config.redacted("MY_KEY"), apiSecret: Config.redacted("MY_SECRET") }
      const keyed = yield* listWith({ MY_KEY: "k1", MY_SECRET: "s1" }, options)
      expect(keyed.seen[0]!.headers).toMatchObject({ "x-api-key": "k1", "x-api-secret": "s1", "x-workspace-id": "4" })
      const tokenFirst = yield* listWith({ MY_KEY: "k1", MY_SECRET: "s1", MAMMOTHANALYTICS_API_TOKEN: "mm_t" }, options)
      expect(tokenFirst.seen[0]!.headers["authorization"]).toBe("Bearer mm_t")
      expect(tokenFirst.seen[0]!.headers).not.toHaveProperty("x-api-key")
    }))

  it.effect("a given serverUrl Config replaces MAMMOTHANALYTICS_SERVER_URL; other options stay plain values", () =>
    Effect.gen(function*() {
      const { result, seen } = yield* listWith(
        {
          MAMMOTHANALYTICS_API_TOKEN: "mm_t",
          MY_URL: "http://127.0.0.1:4777/api/v2",
          MAMMOTHANALYTICS_SERVER_URL: "http://127.0.0.1:1/api/v2"
        },
        { serverUrl: Config.string("MY_URL"), timeout: "5 seconds", retry: undefined }
      )
      expect(result._tag).toBe("Right")
      expect(seen[0]!.url.origin).toBe("http://127.0.0.1:4777")
    }))

  it.effect("a given Config that is missing fails the layer with a ConfigError naming it", () =>
    Effect.gen(function*() {
      const { result, seen } = yield* listWith({}, { apiToken: Config.redacted("MY_TOKEN") })
      expect(result._tag).toBe("Left")
      if (result._tag !== "Left") return
      expect(result.left._tag).toBe("ConfigError")
      expect(String(result.left)).toContain("MY_TOKEN")
      expect(String(result.left)).toContain("MAMMOTHANALYTICS_API_KEY")
      expect(seen).toHaveLength(0)
    }))
})
