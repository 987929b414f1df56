/**
 * The lint rule that keeps the library free of import cycles (`import-x/no-cycle` in eslint.config.js) cannot
 * pass silently: run with the repository's own configuration on a fixture holding a deliberate cycle, it flags
 * both of its files. (`npm run lint` runs it on src/, which has no cycle.)
 */
import { ESLint } from "eslint"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../..", import.meta.url))

describe("the import cycle rule", () => {
  it("flags both files of a deliberate cycle", async () => {
    // the fixture is in the configuration's ignores so that `npm run lint` stays green: lint it regardless
    const eslint = new ESLint({ cwd: root, ignore: false })
    const results = await eslint.lintFiles(["test/lint/fixtures/cycle/*.ts"])
    expect(results).toHaveLength(2)
    for (const result of results) {
      expect(result.messages.map((m) => m.ruleId)).toContain("import-x/no-cycle")
    }
  }, 60_000)
})
