/**
 * The Effect 4 line's tests get effect 4, both when type-checked (test/v4/tsconfig.json) and when run (the
 * vitest plugin in vitest.config.ts). `Effect.either` exists only in effect 3: if this folder ever fell back to
 * effect 3's types, the `@ts-expect-error` below would be unused and `npm test` would fail to type-check.
 */
import { Effect, Result } from "effect"
import { describe, expect, it } from "vitest"

describe("the Effect 4 line", () => {
  it("type-checks and runs against effect 4", async () => {
    // @ts-expect-error Effect.either is effect 3's; effect 4 has Effect.result
    expect(Effect.either).toBeUndefined()
    const result = await Effect.runPromise(Effect.result(Effect.fail("boom")))
    expect(Result.isFailure(result)).toBe(true)
  })
})
