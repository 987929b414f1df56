/**
 * Whether this Node can run `@effect/platform-node` 4, which Effect 4 over undici needs: Node >= 22.19. Read by
 * bench:ab (bench/abOptions.ts) and by test/v4/featured.test.ts, which runs its undici cases only then.
 */
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number)

export const effect4UndiciRuns = major > 22 || (major === 22 && minor >= 19)
