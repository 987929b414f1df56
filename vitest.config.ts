import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import type { Plugin } from "vitest/config"
import { defineConfig } from "vitest/config"

const root = dirname(fileURLToPath(import.meta.url))
/** ids as Vite writes them: absolute, forward slashes */
const slashed = (path: string) => path.replace(/\\/g, "/")
const effect4Tests = `${slashed(join(root, "test", "v4"))}/`
/**
 * The Effect 4 workspace's package.json: resolving from it is node resolution from src/v4, which finds effect 4
 * in src/v4/node_modules (the root's node_modules/effect is effect 3).
 */
const effect4Workspace = join(root, "src", "v4", "package.json")

/**
 * Both Effect lines in one vitest run. A module under test/v4/ that imports `effect` or `effect/...` gets
 * effect 4: the import is resolved as if from src/v4, through the package's own `exports` (so `effect/http`,
 * `effect/testing` resolve too), to the very files that src/v4's modules load, so tests and the v4 sources share
 * one effect 4 instance. Every other importer (the Effect 3 tests, src/ outside src/v4, node_modules) is left to
 * node resolution: effect 3 from node_modules/, effect 4 for src/v4/. The decision is per importing module, not
 * per test file: a test elsewhere that imports a module under test/v4/ gets effect 4 in that module.
 * test/v4/tsconfig.json does the same for the type checker.
 */
const effect4ForV4Tests = (): Plugin => ({
  name: "mammoth:effect4-for-test-v4",
  enforce: "pre",
  async resolveId(source, importer, options) {
    if (importer === undefined || !slashed(importer).startsWith(effect4Tests)) return null
    if (source !== "effect" && !source.startsWith("effect/")) return null
    const resolved = await this.resolve(source, effect4Workspace, { ...options, skipSelf: true })
    if (resolved === null) {
      this.error(`${source} (imported by ${importer}) is not in effect 4 under src/v4/node_modules: run npm ci`)
    }
    return resolved
  }
})

export default defineConfig({
  plugins: [effect4ForV4Tests()],
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000
  }
})
