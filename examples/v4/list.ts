/**
 * List the connections of a connector. Run: `npx tsx examples/v4/list.ts`.
 *
 * @since 0.1.0
 */
import { Console, Effect } from "effect"
import { MammothAnalytics } from "../../src/v4/index.js" // your application: "mammoth-analytics-effect/v4"
import { connector, createOne, runExample } from "./runExample.js"

const program = Effect.gen(function*() {
  const mammoth = yield* MammothAnalytics
  yield* createOne
  // connections: ReadonlyArray<{ connectionKey: string; connectionConfig: Record<string, unknown> }>
  const { connections } = yield* mammoth.connections.list({ ...connector, isExport: false })
  for (const { connectionConfig, connectionKey } of connections) {
    yield* Console.log(`${connectionKey}: ${Object.keys(connectionConfig).join(", ")}`)
  }
})

await runExample(program)
