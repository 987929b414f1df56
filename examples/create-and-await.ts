/**
 * Create a connection and await the job that creates it. Run: `npx tsx examples/create-and-await.ts`.
 *
 * The live API answers create with 202: a job creates the connection off-line. `createAndAwait` polls
 * `GET /jobs/{job_id}` on a `Schedule` (the first poll at once) until the job succeeds, and returns
 * `{ _tag: "Completed", job }`, whose `job.response` is the connection. A job that fails is a
 * `MammothAnalyticsJobFailedError`; one that does not finish within `timeout` a
 * `MammothAnalyticsTimeoutError` (`scope: "await"`). Every failure after the create was accepted carries the job's
 * `jobId`: the connection may still be created, so resume the await from it rather than create again.
 *
 * @since 0.3.0
 */
import { Console, Effect, Schedule } from "effect"
import { MammothAnalytics } from "../src/v3/index.js" // your application: "mammoth-analytics-effect"
import { connector, runExample } from "./runExample.js"

const program = Effect.gen(function*() {
  const mammoth = yield* MammothAnalytics
  const created = yield* mammoth.connections.createAndAwait({
    ...connector,
    requestBody: { database: "hubli_journal", hostname: "localhost", port: 5432, username: "appuser", password: "pwd" }
  }, {
    schedule: Schedule.spaced("200 millis"), // poll every 200 ms after the first
    timeout: "30 seconds" // bounds the whole await
  }).pipe(
    // the job outlived the await: wait longer for the same job (a create failed before it was accepted has no jobId)
    Effect.catchTag("MammothAnalyticsTimeoutError", (timedOut) =>
      Effect.gen(function*() {
        if (timedOut.jobId === undefined) return yield* timedOut
        const job = yield* mammoth.jobs.await({ workspaceId: connector.workspaceId, jobId: timedOut.jobId }, {
          timeout: "5 minutes"
        })
        return { _tag: "Completed" as const, job }
      }))
  )
  switch (created._tag) {
    case "Completed":
      return yield* Console.log(`job ${created.job.id} ${created.job.status}:`, JSON.stringify(created.job.response))
    case "OAuthExchange":
      return yield* Console.log(`finish the OAuth exchange ${created.pendingId} in a browser`)
    default:
      return yield* Console.log("created:", JSON.stringify(created))
  }
}).pipe(
  Effect.catchTag("MammothAnalyticsJobFailedError", (failed) => Console.log(`${failed.message}`))
)

await runExample(program, { fake: { jobs: { processingPolls: 2 } } })
