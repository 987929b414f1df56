/**
 * Create a connection. Run: `npx tsx examples/create.ts`.
 *
 * Create is not idempotent: the default retry policy retries it only on 429 (the server did not take it), so
 * a retry never creates a second connection.
 *
 * @since 0.1.0
 */
import { Console, Effect } from "effect"
import { MammothAnalytics } from "../src/index.js"
import { connector, runExample } from "./runExample.js"

const program = Effect.gen(function*() {
  const mammoth = yield* MammothAnalytics
  const created = yield* mammoth.connections.create({
    ...connector,
    requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, username: "appuser", password: "pwd" }
  })
  // the spec types the answer as any JSON
  yield* Console.log("created:", JSON.stringify(created))
})

await runExample(program)
