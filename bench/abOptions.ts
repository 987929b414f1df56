/**
 * What `npm run bench:ab` (bench/ab.ts) and its `--cold` form (bench/cold-ab.ts) read from the command line alike:
 * `--name=value` flags, and the Effect line and transport, refused when unknown or when this Node cannot run them.
 */
import type { Line, Transport } from "./contenders/registry.js"
import { effect4UndiciRuns } from "./effect4Undici.js"

/** The value of `--name=value`, if given. */
export const flag = (name: string): string | undefined =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3)

/** `--line` (default v3) and `--transport` (default undici on v3, fetch on v4). */
export const lineAndTransport = (): { readonly line: Line; readonly transport: Transport } => {
  const line = flag("line") ?? "v3"
  const transport = flag("transport") ?? (line === "v3" ? "undici" : "fetch")
  if (line !== "v3" && line !== "v4") throw new Error(`--line is v3 or v4, not ${line}`)
  if (transport !== "undici" && transport !== "fetch") throw new Error(`--transport is undici or fetch`)
  if (line === "v4" && transport === "undici" && !effect4UndiciRuns) {
    throw new Error("Effect 4 over undici needs Node >= 22.19 (@effect/platform-node 4)")
  }
  return { line, transport }
}
