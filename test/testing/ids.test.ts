/**
 * The fake accepts every id the client accepts and sends: the two read one parameter description.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { readParam } from "../../src/core/input.js"
import { ListConnections } from "../../src/core/operations.js"
import { MammothAnalytics } from "../../src/v3/index.js"
import { MammothFake } from "../../src/v3/testing/index.js"

describe("ids at the edges", () => {
  it.effect("the largest safe integer round-trips through client and fake", () =>
    Effect.gen(function*() {
      const mammoth = yield* MammothAnalytics
      const scope = { workspaceId: Number.MAX_SAFE_INTEGER, projectId: 1, connectorKey: "cG9zdGdyZXM=" }
      yield* mammoth.connections.create({ ...scope, requestBody: { database: "db" } })
      const { connections } = yield* mammoth.connections.list(scope)
      expect(connections).toHaveLength(1)
    }).pipe(Effect.provide(MammothFake.layer())))

  it("the wire form of an id: decimal digits of a safe integer >= 1, nothing else", () => {
    const workspaceId = ListConnections.params.find((p) => p.field === "workspaceId")!
    expect(readParam(workspaceId.type, String(Number.MAX_SAFE_INTEGER))).toEqual({
      ok: true,
      value: Number.MAX_SAFE_INTEGER
    })
    for (const bad of ["0", "9007199254740992", "99999999999999999", "1.0", "+1", " 1", "0x10", "1e3", ""]) {
      expect(readParam(workspaceId.type, bad).ok).toBe(false)
    }
  })
})
