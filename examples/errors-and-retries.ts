/**
 * Handling typed errors, and a custom retry policy. Run: `npx tsx examples/errors-and-retries.ts`.
 *
 * Against the fake, the first two requests are refused with 429 and `Retry-After: 1`, so the retries can be
 * seen at work.
 *
 * @since 0.1.0
 */
import { Console, Effect, Schedule } from "effect"
import { MammothAnalytics, RetryPolicy } from "../src/v3/index.js" // your application: "mammoth-analytics-effect"
import { MammothFake } from "../src/v3/testing/index.js" // your application: "mammoth-analytics-effect/testing"
import { connector, runExample } from "./runExample.js"

// up to 6 retries, 100 ms doubling with jitter, within 20 seconds; Retry-After honoured up to 5 s
const patient = RetryPolicy.make(
  Schedule.exponential("100 millis").pipe(
    Schedule.jittered,
    Schedule.intersect(Schedule.recurs(6)),
    Schedule.upTo("20 seconds")
  ),
  { maxRetryAfter: "5 seconds" }
)

const program = Effect.gen(function*() {
  const mammoth = yield* MammothAnalytics

  // retried through the two 429s, then answered
  const { connections } = yield* mammoth.connections.list(connector, { retry: patient, timeout: "5 seconds" })
  yield* Console.log(`list after retries: ${connections.length} connection(s)`)

  // every failure is typed: handle each kind by its tag, and the compiler checks the tags
  const outcome = yield* mammoth.connections.get({ ...connector, connectionKey: "no-such-connection" }).pipe(
    Effect.as("found"),
    Effect.catchTags({
      MammothAnalyticsClientError: (e) => Effect.succeed(`client error from ${e.operation}: ${e.detail}`),
      MammothAnalyticsValidationError: (e) => Effect.succeed(`invalid: ${e.issues.map((i) => i.key).join(", ")}`),
      MammothAnalyticsUnauthorizedError: () => Effect.succeed("check MAMMOTHANALYTICS_API_KEY / _SECRET"),
      MammothAnalyticsDefaultError: (e) => Effect.succeed(`HTTP ${e.status} from ${e.operation}`),
      MammothAnalyticsResponseValidationError: (e) => Effect.succeed(`unexpected answer: ${e.reason}`),
      MammothAnalyticsInvalidRequestError: (e) => Effect.succeed(`not sent: ${e.reason}`),
      MammothAnalyticsTransportError: (e) => Effect.succeed(`network: ${e.message}`),
      MammothAnalyticsTimeoutError: (e) => Effect.succeed(`timed out after ${e.timeoutMillis} ms`)
    })
  )
  yield* Console.log(outcome)

  // input the spec rules out is refused before anything is sent
  const refused = yield* Effect.flip(mammoth.connections.list({ ...connector, workspaceId: 0 }))
  yield* Console.log(`${refused._tag}: ${refused.message}`)
})

await runExample(program, {
  retry: RetryPolicy.none,
  fake: { faults: { script: [MammothFake.tooManyRequests(1), MammothFake.tooManyRequests(1)] } }
})
