import { fileURLToPath } from "node:url"
import type { Plugin } from "vitest/config"
import { defineConfig } from "vitest/config"

const testV4 = fileURLToPath(new URL("./test/v4/", import.meta.url))
const v4Package = fileURLToPath(new URL("./src/v4/package.json", import.meta.url))

/**
 * Tests of the Effect 4 line (`test/v4/`) import `effect` 4, which is installed in `src/v4/node_modules` (the
 * `src/v4` workspace); the rest of the tree resolves `effect` 3 from the root. An import of `effect` or
 * `effect/*` from `test/v4` is resolved as if it were made in `src/v4`, so tests and the client share one
 * instance of effect 4.
 */
const effect4ForTestV4 = (): Plugin => ({
  name: "effect-4-for-test-v4",
  enforce: "pre",
  resolveId(source, importer) {
    if (importer === undefined || !importer.startsWith(testV4) || !/^effect(\/.*)?$/.test(source)) return null
    return this.resolve(source, v4Package, { skipSelf: true })
  }
})

export default defineConfig({
  plugins: [effect4ForTestV4()],
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
