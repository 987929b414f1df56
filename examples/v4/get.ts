/**
 * Get one connection, with the optional query parameters. Run: `npx tsx examples/v4/get.ts`.
 *
 * @since 0.1.0
 */
import { Console, Effect } from "effect"
import { MammothAnalytics } from "../../src/v4/index.js" // your application: "mammoth-analytics-effect/v4"
import { connector, createOne, runExample } from "./runExample.js"

const program = Effect.gen(function*() {
  const mammoth = yield* MammothAnalytics
  const connectionKey = yield* createOne
  const connection = yield* mammoth.connections.get({
    ...connector,
    connectionKey,
    concern: "profiles",
    profile: "api",
    isExport: false
  })
  yield* Console.log("got:", JSON.stringify(connection))
})

await runExample(program)
