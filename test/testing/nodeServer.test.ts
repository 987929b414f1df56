/**
 * The fake's `node:http` server (`src/core/fake/nodeServer.ts`) with no Effect: any line's adapter
 * gives it a promise of an outcome. It listens on 127.0.0.1 on a free port, answers, resets the socket for a
 * reset, refuses a too large body with a 413, reports a taken port, and closes with its connections.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Net from "node:net"
import { defaultCredentials } from "../../src/core/fake/auth.js"
import { makeEngine } from "../../src/core/fake/engine.js"
import { pass, reset } from "../../src/core/fake/faults.js"
import type { AnswerRequest } from "../../src/core/fake/model.js"
import { listen, maxRequestBytes } from "../../src/core/fake/nodeServer.js"

const collection = "/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections"
const headers = { authorization: `Bearer ${defaultCredentials.token}`, "content-type": "application/json" }

/** Runs `body` against a server of a fresh engine (a reset for its second request), then closes it. */
const withServer = async (body: (origin: string, port: number) => Promise<void>) => {
  const engine = makeEngine({ accepted: defaultCredentials, faults: { script: [pass, reset()] } })
  const answer: AnswerRequest = (request) => Promise.resolve(engine.receive(request).answer())
  const listening = await listen(answer, "127.0.0.1", 0)
  if (!listening.ok) throw new Error(listening.failure.reason)
  try {
    await body(`http://127.0.0.1:${listening.server.port}`, listening.server.port)
  } finally {
    await listening.server.close()
  }
  return listening.server.port
}

const failureOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error)

describe("the fake's node:http server, without Effect", () => {
  it("answers on 127.0.0.1, resets the socket for a reset, and a taken port is a failure, not a throw", async () => {
    const port = await withServer(async (origin, port) => {
      expect(port).toBeGreaterThan(0)
      const listed = await fetch(`${origin}${collection}`, { headers })
      expect([listed.status, await listed.json()]).toEqual([200, { connections: [] }])
      const failure = await failureOf(fetch(`${origin}${collection}`, { headers }))
      expect((failure as TypeError).cause).toMatchObject({ code: "ECONNRESET" })
      const taken = await listen(() => Promise.resolve({ _tag: "Reset" }), "127.0.0.1", port)
      expect(taken.ok).toBe(false)
      if (!taken.ok) expect(taken.failure.reason).toContain(`cannot listen on 127.0.0.1:${port}`)
    })
    // closed: nothing listens on the port any more (a new connection, not the pooled one the server closed)
    const refused = await new Promise<unknown>((resolve) => {
      const socket = Net.connect(port, "127.0.0.1", () => {
        socket.destroy()
        resolve(undefined)
      })
      socket.on("error", resolve)
    })
    expect(refused).toMatchObject({ code: "ECONNREFUSED" })
  })

  it("a body over maxRequestBytes is a 413 with the spec's error body, never reaching the engine", async () => {
    await withServer(async (origin) => {
      const tooLarge = await fetch(`${origin}${collection}`, {
        method: "POST",
        headers,
        body: JSON.stringify({ blob: "x".repeat(maxRequestBytes) })
      })
      expect(tooLarge.status).toBe(413)
      expect(await tooLarge.json()).toEqual({ status_code: 413, detail: "Request Entity Too Large", extra: {} })
      // the engine saw nothing: its first request (scripted `pass`) is still to come
      const listed = await fetch(`${origin}${collection}`, { headers })
      expect(listed.status).toBe(200)
    })
  })
})
