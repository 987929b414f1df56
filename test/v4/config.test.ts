/**
 * `MammothAnalytics.layerConfig` on the Effect 4 line: the same `MAMMOTHANALYTICS_*` variables through effect 4's
 * Config (the token first, else the key and the secret, an optional server URL), or `Config`s given in their
 * place; other options in code.
 */
import { Config, ConfigProvider, Effect, Layer } from "effect"
import { describe, expect, it } from "vitest"
import type { LayerConfigOptions } from "../../src/v4/index.js"
import { MammothAnalytics } from "../../src/v4/index.js"
import { fetchLayer, recordingFetch, scope } from "./support/fetch.js"

const listed = { status: 200, json: { connections: [] } }

/** `layerConfig(options)` over a recording fetch, configured from `env`; one list call's exit and what was sent. */
const listWith = async (env: Record<string, string>, options?: LayerConfigOptions) => {
  const { fetch, seen } = recordingFetch(() => listed)
  const layer = MammothAnalytics.layerConfig(options).pipe(
    Layer.provide(fetchLayer(fetch)),
    Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnv({ env })))
  )
  const exit = await Effect.runPromise(
    Effect.exit(Effect.provide(MammothAnalytics.use((m) => m.connections.list(scope)), layer))
  )
  return { exit, seen }
}

const failure = (exit: Awaited<ReturnType<typeof listWith>>["exit"]) =>
  exit._tag === "Failure" ? String(exit.cause) : "(no failure)"

describe("layerConfig", () => {
  it("a token alone: Authorization: Bearer; no key, secret or workspace header", async () => {
    const { exit, seen } = await listWith({ MAMMOTHANALYTICS_API_TOKEN: "mm_env-token-5a1" })
    expect(exit._tag).toBe("Success")
    expect(seen[0]!.headers["authorization"]).toBe("Bearer mm_env-token-5a1")
    expect(seen[0]!.headers["x-api-key"]).toBeUndefined()
    expect(seen[0]!.headers["x-workspace-id"]).toBeUndefined()
    expect(seen[0]!.url.origin).toBe("https://app.mammoth.io")
  })

  it("a key and secret, and a server URL", async () => {
    const { seen } = await listWith({
      MAMMOTHANALYTICS_API_KEY: "env-key",
      MAMMOTHANALYTICS_API_SECRET: "env-secret",
      MAMMOTHANALYTICS_SERVER_URL: "http://127.0.0.1:4999/api/v2/"
    })
    expect(seen[0]!.url.origin).toBe("http://127.0.0.1:4999")
    expect(seen[0]!.headers["x-api-key"]).toBe("env-key")
    expect(seen[0]!.headers["x-api-secret"]).toBe("env-secret")
    expect(seen[0]!.headers["x-workspace-id"]).toBe("4")
  })

  it("the token wins over a key and secret; an empty token counts as unset", async () => {
    const both = await listWith({
      MAMMOTHANALYTICS_API_TOKEN: "mm_t",
      MAMMOTHANALYTICS_API_KEY: "k",
      MAMMOTHANALYTICS_API_SECRET: "s"
    })
    expect(both.seen[0]!.headers["authorization"]).toBe("Bearer mm_t")
    expect(both.seen[0]!.headers["x-api-key"]).toBeUndefined()
    const empty = await listWith({
      MAMMOTHANALYTICS_API_TOKEN: "",
      MAMMOTHANALYTICS_API_KEY: "k",
      MAMMOTHANALYTICS_API_SECRET: "s"
    })
    expect(empty.seen[0]!.headers["x-api-key"]).toBe("k")
  })

  it("neither credential form: a ConfigError naming both, nothing sent", async () => {
    for (const env of [{}, { MAMMOTHANALYTICS_SERVER_URL: "https://example.com/api/v2" }]) {
      const { exit, seen } = await listWith(env)
      const text = failure(exit)
      expect(text).toContain("ConfigError")
      expect(text).toContain("MAMMOTHANALYTICS_API_TOKEN")
      expect(text).toContain("MAMMOTHANALYTICS_API_KEY")
      expect(seen).toHaveLength(0)
    }
  })

  it("an empty key or secret counts as unset, as on the Effect 3 line: the layer fails at start", async () => {
    for (
      const env of [
        { MAMMOTHANALYTICS_API_KEY: "", MAMMOTHANALYTICS_API_SECRET: "visible-secret-value" },
        { MAMMOTHANALYTICS_API_KEY: "visible-key-value", MAMMOTHANALYTICS_API_SECRET: "" }
      ]
    ) {
      const { exit, seen } = await listWith(env)
      const text = failure(exit)
      expect(text).toContain("ConfigError")
      expect(text).toContain("MAMMOTHANALYTICS_API_TOKEN")
      expect(text).toMatch(/MAMMOTHANALYTICS_API_(KEY|SECRET)/)
      expect(text).not.toContain("visible-")
      expect(seen).toHaveLength(0)
    }
  })

  it("a blank token, key or secret fails the layer at start, as layer's does: nothing is sent", async () => {
    const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
      [{ MAMMOTHANALYTICS_API_TOKEN: "   " }, "apiToken is blank"],
      [{ MAMMOTHANALYTICS_API_KEY: " ", MAMMOTHANALYTICS_API_SECRET: "visible-secret-value" }, "apiKey is blank"],
      [{ MAMMOTHANALYTICS_API_KEY: "visible-key-value", MAMMOTHANALYTICS_API_SECRET: "\t" }, "apiSecret is blank"]
    ]
    for (const [env, reason] of cases) {
      const { exit, seen } = await listWith(env)
      const text = failure(exit)
      expect(text).toContain("ConfigError")
      expect(text).toContain(reason)
      expect(text).not.toContain("visible-")
      expect(seen).toHaveLength(0)
    }
  })

  it("a key without its secret: the error names the token and the secret, never the key's value", async () => {
    const { exit, seen } = await listWith({ MAMMOTHANALYTICS_API_KEY: "visible-key-value" })
    const text = failure(exit)
    expect(text).toContain("MAMMOTHANALYTICS_API_TOKEN")
    expect(text).toContain("MAMMOTHANALYTICS_API_SECRET")
    expect(text).not.toContain("visible-key-value")
    expect(seen).toHaveLength(0)
  })

  it("a configured server URL with plain http off loopback fails the layer, unless allowed", async () => {
    const env = { MAMMOTHANALYTICS_API_TOKEN: "mm_t", MAMMOTHANALYTICS_SERVER_URL: "http://mammoth.invalid/api/v2" }
    const refused = await listWith(env)
    expect(refused.exit._tag === "Failure" && String(refused.exit.cause)).toContain(
      "serverUrl is plain http to a host other than loopback"
    )
    expect(refused.seen).toHaveLength(0)
    const allowed = await listWith(env, { allowInsecureHttp: true })
    expect(allowed.seen[0]!.url.origin).toBe("http://mammoth.invalid")
  })

  it("given Configs replace the variables; other options stay plain values", async () => {
    const { exit, seen } = await listWith(
      { MY_TOKEN: "mm_mine", MY_URL: "http://127.0.0.1:4888/api/v2", MAMMOTHANALYTICS_API_TOKEN: "mm_not-this" },
      { apiToken: Config.Redacted("MY_TOKEN"), serverUrl: Config.String("MY_URL"), timeout: "5 seconds" }
    )
    expect(exit._tag).toBe("Success")
    expect(seen[0]!.headers["authorization"]).toBe("Bearer mm_mine")
    expect(seen[0]!.url.origin).toBe("http://127.0.0.1:4888")
  })

  it("given key and secret Configs are read when no token is configured", async () => {
    const { seen } = await listWith(
      { K: "given-key", S: "given-secret" },
      { apiKey: Config.Redacted("K"), apiSecret: Config.Redacted("S") }
    )
    expect(seen[0]!.headers["x-api-key"]).toBe("given-key")
    expect(seen[0]!.headers["x-api-secret"]).toBe("given-secret")
  })
})
