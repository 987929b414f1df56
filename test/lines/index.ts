/**
 * The client lines every line-parametrized suite runs on: the Effect 3 entry always; the Effect 4 entry once
 * `src/v4/index.ts` exists (its adapter, `test/v4/line.ts`, needs Effect 4's types and modules).
 *
 * The root tsconfig type-checks `test/` against Effect 3, so it must never see `test/v4/line.ts`: the adapter
 * is imported with a specifier that is not a literal (typed as `Line` here), and `test/v4` is excluded from
 * the root tsconfig. Under vitest, files under `test/v4/` resolve `effect` to Effect 4, and `src/v4` does by
 * node resolution (its own `node_modules`).
 */
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { onTestFinished } from "vitest"
import type { Line, NeutralClient, NeutralOptions } from "./Line.js"
import { v3 } from "./v3.js"

/** Whether the Effect 4 entry is in this tree. */
export const hasV4Entry: boolean = existsSync(fileURLToPath(new URL("../../src/v4/index.ts", import.meta.url)))

const loadV4 = async (): Promise<ReadonlyArray<Line>> => {
  if (!hasV4Entry) return []
  // not a literal: tsc must not follow it into Effect 4 code
  const specifier: string = ["..", "v4", "line.js"].join("/")
  const adapter = (await import(/* @vite-ignore */ specifier)) as { readonly v4: Line }
  return [adapter.v4]
}

export const lines: ReadonlyArray<Line> = [v3, ...(await loadV4())]

/** A client of `line`, disposed of (its layer's resources released) when the current test finishes. */
export const useClient = (line: Line, options: NeutralOptions): NeutralClient => {
  const client = line.makeClient(options)
  onTestFinished(() => client.dispose())
  return client
}

export type { Line } from "./Line.js"
