/**
 * The set-up of the Effect 4 line's tests: `effect` here is effect 4, for the type checker (test/v4/tsconfig.json)
 * and at run time (the vitest resolver), and it is the same instance `src/v4` imports.
 */
import { Effect } from "effect"
import * as Version from "effect/Version"
import { describe, expect, it } from "vitest"

describe("test/v4 runs on effect 4", () => {
  it("imports effect 4", () => {
    expect(Version.getCurrentVersion()).toMatch(/^4\./)
  })

  it("type-checks against effect 4", () => {
    // @ts-expect-error Effect.either is effect 3 only: this line fails to compile if test/v4 falls back to 3
    expect(Effect.either).toBeUndefined()
  })
})
