/**
 * Update a connection with a patch. Run: `npx tsx examples/v4/update.ts`.
 *
 * @since 0.1.0
 */
import { Console, Effect } from "effect"
import { MammothAnalytics } from "../../src/v4/index.js" // your application: "mammoth-analytics-effect/v4"
import { connector, createOne, runExample } from "./runExample.js"

const program = Effect.gen(function*() {
  const mammoth = yield* MammothAnalytics
  const connectionKey = yield* createOne
  const updated = yield* mammoth.connections.update({
    ...connector,
    connectionKey,
    patch: [{ op: "replace", path: "connection", value: { database: "db" } }]
  })
  yield* Console.log("updated:", JSON.stringify(updated))
})

await runExample(program)
