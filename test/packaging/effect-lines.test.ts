/**
 * The two Effect lines in one vitest run (vitest.config.ts): a test outside test/v4/ gets effect 3 from the root's
 * node_modules, as the library's sources outside src/v4 do, while a module under test/v4/ gets effect 4 even when
 * a test out here imports it. test/v4/effect4.test.ts checks the Effect 4 side from inside.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "..", "..")

describe("effect outside test/v4", () => {
  it("is effect 3.x, from the root's node_modules", async () => {
    const manifest = createRequire(join(root, "package.json"))("effect/package.json") as { readonly version: string }
    expect(manifest.version).toMatch(/^3\./)
    const direct = await import(pathToFileURL(join(root, "node_modules", "effect", "dist", "esm", "index.js")).href)
    expect(direct.Effect).toBe(Effect)
    expect(typeof Effect.either).toBe("function")
    expect("result" in Effect).toBe(false)
  })

  it.effect("runs @effect/vitest's effect 3 tests as before", () =>
    Effect.gen(function*() {
      const either = yield* Effect.either(Effect.fail("boom"))
      expect(either._tag).toBe("Left")
    }))

  it("gives a module under test/v4 effect 4 even when imported from here", async () => {
    // a path the type checker does not follow: test/v4 is type-checked against effect 4 by its own tsconfig
    const effect4Module = join(root, "test", "v4", "support", "effectLine.ts")
    const { Effect: Effect4 } = await import(/* @vite-ignore */ effect4Module)
    expect(typeof Effect4.result).toBe("function")
    expect("either" in Effect4).toBe(false)
    const direct = await import(
      pathToFileURL(join(root, "src", "v4", "node_modules", "effect", "dist", "Effect.js")).href
    )
    expect(Effect4).toBe(direct)
  })
})
