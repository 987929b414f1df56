/**
 * Create a connection. Run: `npx tsx examples/v4/create.ts`.
 *
 * Create is not idempotent: the default retry policy retries it only when the server cannot have taken it (a
 * 429, a connection refused), so a retry never creates a second connection.
 *
 * The live API answers 202: a job creates the connection off-line, so the answer has no connection key yet
 * (`_tag: "Job"`, with its `jobId`). A connector that needs OAuth answers `_tag: "OAuthExchange"` (a person
 * finishes it in a browser), and a server of the older contract answers 201 (`_tag: "Created"`).
 *
 * @since 0.1.0
 */
import { Console, Effect } from "effect"
import { MammothAnalytics } from "../../src/v4/index.js" // your application: "mammoth-analytics-effect/v4"
import { connector, runExample } from "./runExample.js"

const program = Effect.gen(function*() {
  const mammoth = yield* MammothAnalytics
  const created = yield* mammoth.connections.create({
    ...connector,
    requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, username: "appuser", password: "pwd" }
  })
  switch (created._tag) {
    case "Job":
      return yield* Console.log(`accepted: job ${created.jobId} creates the connection off-line`)
    case "OAuthExchange":
      // accessToken and pickerApiKey are Redacted: they never show in a log
      return yield* Console.log(`finish the OAuth exchange ${created.pendingId} in a browser`)
    case "Created":
      return yield* Console.log("created:", JSON.stringify(created.body))
  }
})

await runExample(program)
