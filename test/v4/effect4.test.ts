/**
 * What a test under test/v4/ gets for `effect` and `effect/*`: effect 4 from the workspace in src/v4 (see the
 * plugin in vitest.config.ts and test/v4/tsconfig.json), the very module files that src/v4's sources load, and a
 * working `effect/http` client: a real request with effect 4's FetchHttpClient to a node:http server on
 * 127.0.0.1 (a free port, closed after the test).
 */
import { Effect } from "effect"
import * as EffectModule from "effect/Effect"
import { FetchHttpClient, HttpClient } from "effect/http"
import { createServer } from "node:http"
import type { IncomingMessage, Server, ServerResponse } from "node:http"
import { createRequire } from "node:module"
import type { AddressInfo } from "node:net"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { describe, expect, it } from "vitest"

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..")
const effect4 = join(root, "src", "v4", "node_modules", "effect")

/** Starts a node:http server on 127.0.0.1 (a free port), runs `use` against its URL, and closes it. */
const withServer = async <A>(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  use: (url: string) => Promise<A>
): Promise<A> => {
  const server: Server = createServer(handler)
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })
  try {
    const { port } = server.address() as AddressInfo
    return await use(`http://127.0.0.1:${port}`)
  } finally {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

describe("effect under test/v4", () => {
  it("is effect 4.x, from src/v4/node_modules", async () => {
    const manifest = createRequire(join(root, "src", "v4", "package.json"))("effect/package.json") as {
      readonly version: string
    }
    expect(manifest.version).toMatch(/^4\./)
    // the same module records as loading the workspace's files directly: one effect 4 instance, shared with
    // src/v4 (whose imports node resolution sends to these files)
    const direct = await import(pathToFileURL(join(effect4, "dist", "index.js")).href)
    expect(direct.Effect).toBe(Effect)
    const directEffect = await import(pathToFileURL(join(effect4, "dist", "Effect.js")).href)
    expect(directEffect).toBe(EffectModule)
    expect(Effect).toBe(EffectModule)
  })

  it("has effect 4's API and not effect 3's", () => {
    expect(typeof Effect.result).toBe("function")
    expect("either" in Effect).toBe(false)
  })

  it("sends a real request with effect 4's FetchHttpClient", async () => {
    const seen: Array<string> = []
    const answer = await withServer((request, response) => {
      seen.push(`${request.method} ${request.url}`)
      response.writeHead(200, { "content-type": "application/json" })
      response.end(JSON.stringify({ line: "v4" }))
    }, (url) =>
      Effect.runPromise(
        Effect.gen(function*() {
          const response = yield* HttpClient.get(`${url}/ping?from=test-v4`)
          return { status: response.status, body: yield* response.json }
        }).pipe(Effect.provide(FetchHttpClient.layer))
      ))
    expect(answer).toEqual({ status: 200, body: { line: "v4" } })
    expect(seen).toEqual(["GET /ping?from=test-v4"])
  })
})
