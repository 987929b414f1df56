/**
 * `npm run fake-server -- --port 4010`: the Mammoth fake as a real HTTP server on 127.0.0.1, until SIGINT or
 * SIGTERM. Prints the base URL and the credentials to use.
 *
 * Options: `--port <n>` (default 4010; 0 picks a free port), `--seed <s>`, and fault rates in `[0, 1]`:
 * `--rate-429 <p>`, `--rate-5xx <p>`, `--rate-reset <p>`, `--rate-400-validation <p>` (a 400 Validation
 * Exception), `--rate-400-client <p>` (a 400 Client Error), `--latency-ms <ms>` with `--rate-latency <p>`
 * (default 1 when `--latency-ms` is given); `--workspaces <ids>` (the workspaces the credentials reach, comma-
 * separated or repeated: a request to any other answers 403 "Authorization Exception"; default every one);
 * `--create-answer job|oauthExchange|created` (how create answers: the live API's 202 with a job by default,
 * `created` for the reference contract's 201); `--job-polls <n>` (polls of `GET /jobs/{job_id}` that answer
 * `processing` before a create's job ends, default 0) and `--job-outcome success|failure|error` (how it ends,
 * default success).
 *
 * @since 0.1.0
 */
import { runMain } from "@effect/platform-node/NodeRuntime"
import { Console, Effect, Redacted } from "effect"
import { parseArgs } from "node:util"
import { MammothFake } from "../src/v3/testing/index.js"

const usage = "usage: npm run fake-server -- [--port 4010] [--seed s] [--rate-429 p] [--rate-5xx p] " +
  "[--rate-reset p] [--rate-400-validation p] [--rate-400-client p] [--latency-ms ms] [--rate-latency p] " +
  "[--workspaces 4,7] [--create-answer job|oauthExchange|created] [--job-polls n] " +
  "[--job-outcome success|failure|error]\n" +
  "  --workspaces: the only workspaces the credentials reach (comma-separated ids >= 1, or the option repeated);\n" +
  "    a request to any other workspace answers 403 Authorization Exception. Default: every workspace."

const parseOptions = () =>
  parseArgs({
    options: {
      "port": { type: "string", default: "4010" },
      "seed": { type: "string" },
      "rate-429": { type: "string" },
      "rate-5xx": { type: "string" },
      "rate-reset": { type: "string" },
      "rate-400-validation": { type: "string" },
      "rate-400-client": { type: "string" },
      "workspaces": { type: "string", multiple: true },
      "latency-ms": { type: "string" },
      "rate-latency": { type: "string" },
      "create-answer": { type: "string", default: "job" },
      "job-polls": { type: "string", default: "0" },
      "job-outcome": { type: "string", default: "success" },
      "help": { type: "boolean", default: false }
    },
    strict: true
  })

/** The options parsed, or the usage and status 2 for an unknown or malformed one (not a stack trace). */
const parsed = (): ReturnType<typeof parseOptions> => {
  try {
    return parseOptions()
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error))
  }
}

function fail(message: string): never {
  console.error(`${message}\n${usage}`)
  process.exit(2)
}

const { values } = parsed()

/** A probability argument, or undefined when absent. */
const probability = (name: keyof typeof values): number | undefined => {
  const text = values[name]
  if (typeof text !== "string") return undefined
  const p = Number(text)
  return Number.isFinite(p) && p >= 0 && p <= 1 ? p : fail(`--${name} must be a number between 0 and 1`)
}

if (values.help) {
  console.log(usage)
  process.exit(0)
}

const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65535) fail("--port must be an integer from 0 to 65535")
const latencyMs = values["latency-ms"] === undefined ? undefined : Number(values["latency-ms"])
if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) fail("--latency-ms must be >= 0")

const rate429 = probability("rate-429")
const rate5xx = probability("rate-5xx")
const rateReset = probability("rate-reset")
const rateValidation = probability("rate-400-validation")
const rateClientError = probability("rate-400-client")
const rateLatency = probability("rate-latency") ?? (latencyMs === undefined ? undefined : 1)

const createAnswer = values["create-answer"]
if (createAnswer !== "job" && createAnswer !== "oauthExchange" && createAnswer !== "created") {
  fail("--create-answer must be job, oauthExchange or created")
}

const jobPolls = Number(values["job-polls"])
if (!Number.isInteger(jobPolls) || jobPolls < 0) fail("--job-polls must be an integer >= 0")
const jobOutcome = values["job-outcome"]
if (jobOutcome !== "success" && jobOutcome !== "failure" && jobOutcome !== "error") {
  fail("--job-outcome must be success, failure or error")
}

/** The workspace ids of every `--workspaces`, each a comma-separated list; `undefined` when none is given. */
const workspaces = values.workspaces?.flatMap((list) => list.split(",")).map((text) => {
  const id = Number(text.trim())
  return /^\s*[0-9]+\s*$/.test(text) && Number.isSafeInteger(id) && id >= 1
    ? id
    : fail(`--workspaces takes workspace ids (integers >= 1), comma-separated; got "${text}"`)
})

const rates: MammothFake.FaultRates = {
  ...(rate429 === undefined ? {} : { tooManyRequests: { probability: rate429 } }),
  ...(rate5xx === undefined ? {} : { serverError: { probability: rate5xx } }),
  ...(rateReset === undefined ? {} : { reset: { probability: rateReset } }),
  ...(rateValidation === undefined ? {} : { validationError: { probability: rateValidation } }),
  ...(rateClientError === undefined ? {} : { clientError: { probability: rateClientError } }),
  ...(rateLatency === undefined ? {} : { latency: { probability: rateLatency, delay: latencyMs ?? 0 } })
}

const program = Effect.gen(function*() {
  const server = yield* MammothFake.serve({
    port,
    createAnswer: createAnswer as "job" | "oauthExchange" | "created",
    jobs: { processingPolls: jobPolls, outcome: jobOutcome as "success" | "failure" | "error" },
    ...(values.seed === undefined ? {} : { seed: values.seed }),
    ...(workspaces === undefined ? {} : { workspaces }),
    ...(Object.keys(rates).length === 0 ? {} : { faults: { rates } })
  })
  const { apiKey, apiSecret } = server.fake.credentials
  yield* Console.log(
    [
      `Mammoth fake server listening on ${server.url}`,
      ``,
      `Use these credentials (the fake's, not real ones):`,
      `  Authorization: Bearer ${Redacted.value(server.fake.token)}`,
      `  or (deprecated) X-API-KEY: ${Redacted.value(apiKey)}, X-API-SECRET: ${Redacted.value(apiSecret)}`,
      `  and X-WORKSPACE-ID: <the path's workspace id>`,
      ``,
      `or, for the client's layerConfig():`,
      `  export MAMMOTHANALYTICS_SERVER_URL=${server.url}`,
      `  export MAMMOTHANALYTICS_API_TOKEN=${Redacted.value(server.fake.token)}`,
      ``,
      workspaces === undefined
        ? "The credentials reach every workspace."
        : `The credentials reach workspace(s) ${workspaces.join(", ")}: any other answers 403.`,
      Object.keys(rates).length === 0 ? "No faults injected." : `Fault rates: ${JSON.stringify(rates)}`,
      `Press Ctrl+C to stop.`
    ].join("\n")
  )
  return yield* Effect.never
}).pipe(
  Effect.scoped,
  Effect.ensuring(Console.log("Mammoth fake server stopped."))
)

runMain(program)
