/**
 * The fake as a command, with no Effect: its options, the engine behind a `node:http` server on 127.0.0.1, the
 * banner with the base URL and the credentials, and a stop on SIGINT or SIGTERM. The package's bin
 * `mammoth-analytics-fake` (`bin.ts`) and the repository's `npm run fake-server` (scripts/fake-server.ts) both
 * run {@link main}: one parser, one server.
 *
 * The engine asks its adapter to wait out a latency fault: here a timer does, and a request whose caller goes
 * away during the wait is not carried out (the contract of `engine.ts`), as the Effect lines' adapters do.
 *
 * @internal
 */
import { parseArgs } from "node:util"
import { defaultCredentials } from "./auth.js"
import type { Engine } from "./engine.js"
import { makeEngine } from "./engine.js"
import type { AnswerRequest, CreateAnswer, FakeOptions, FaultRates, JobOutcome } from "./model.js"
import type { ListenFailure } from "./nodeServer.js"
import { listen } from "./nodeServer.js"
import { basePath } from "./routes.js"

/** The only interface the server listens on. */
export const host = "127.0.0.1"

/** The port of a server not given one. */
export const defaultPort = 4010

/** The longest latency a timer can wait (`setTimeout` fires at once beyond it): about 24.8 days. */
export const maxLatencyMs = 2 ** 31 - 1

/** What the command serves: the fake's options (delays in milliseconds) and the port. */
export interface ServerOptions extends FakeOptions<number> {
  readonly port: number
}

/** The command's arguments read: print the usage, refuse them (why), or serve with these options. */
export type ParsedArgs =
  | { readonly _tag: "Help" }
  | { readonly _tag: "Invalid"; readonly message: string }
  | { readonly _tag: "Serve"; readonly options: ServerOptions }

/** The usage text, `program` being how the user started the command. */
export const usage = (program: string): string =>
  `usage: ${program} [--port ${defaultPort}] [--seed s] [--rate-429 p] [--rate-5xx p] ` +
  "[--rate-reset p] [--rate-400-validation p] [--rate-400-client p] [--latency-ms ms] [--rate-latency p] " +
  "[--workspaces 4,7] [--create-answer job|oauthExchange|created] [--job-polls n] " +
  "[--job-outcome success|failure|error]\n" +
  `  --port: the port on ${host} (0: a free one). Default ${defaultPort}.\n` +
  "  --seed: seeds the keys and the fault rates' draws. Default a fixed seed.\n" +
  "  --rate-*: the probability in [0, 1] of a fault per request: 429, 5xx (503), connection reset, 400 Validation\n" +
  "    Exception, 400 Client Error; --latency-ms waits that long first, on --rate-latency (default 1) of requests.\n" +
  "  --workspaces: the only workspaces the credentials reach (comma-separated ids >= 1, or the option repeated);\n" +
  "    a request to any other workspace answers 403 Authorization Exception. Default: every workspace.\n" +
  "  --create-answer: 202 with a job (default, as the live API), 202 with an OAuth exchange, or 201 created.\n" +
  "  --job-polls, --job-outcome: a create's job answers processing to n polls (default 0), then ends so\n" +
  "    (default success)."

const optionSpecs = {
  "port": { type: "string", default: String(defaultPort) },
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
} as const

/** The options that take a probability. */
type RateOption = "rate-429" | "rate-5xx" | "rate-reset" | "rate-400-validation" | "rate-400-client" | "rate-latency"

/** A refused argument, thrown inside {@link parseServerArgs} only and returned as its `Invalid`. */
class Refused {
  constructor(readonly message: string) {}
}

const refuse = (message: string): never => {
  throw new Refused(message)
}

const isInteger = (text: string): boolean => /^\s*[0-9]+\s*$/.test(text) && Number.isSafeInteger(Number(text))

const createAnswers: ReadonlyArray<CreateAnswer> = ["job", "oauthExchange", "created"]
const jobOutcomes: ReadonlyArray<JobOutcome> = ["success", "failure", "error"]

const oneOf = <A extends string>(text: string, allowed: ReadonlyArray<A>, name: string): A =>
  (allowed as ReadonlyArray<string>).includes(text)
    ? text as A
    : refuse(`--${name} must be ${allowed.slice(0, -1).join(", ")} or ${allowed.at(-1)}`)

/** Reads the command's arguments (without `node` and the script): never throws. */
export const parseServerArgs = (args: ReadonlyArray<string>): ParsedArgs => {
  try {
    return parseValidArgs(args)
  } catch (error) {
    if (error instanceof Refused) return { _tag: "Invalid", message: error.message }
    // parseArgs' own errors: an unknown option, a missing value, an unexpected positional argument
    return { _tag: "Invalid", message: error instanceof Error ? error.message : String(error) }
  }
}

const parseValidArgs = (args: ReadonlyArray<string>): ParsedArgs => {
  const { values } = parseArgs({ args: [...args], options: optionSpecs, strict: true })
  if (values.help) return { _tag: "Help" }

  /** A probability argument, or undefined when absent. */
  const probability = (name: RateOption) => {
    const text = values[name]
    if (text === undefined) return undefined
    const p = Number(text)
    return text.trim() !== "" && Number.isFinite(p) && p >= 0 && p <= 1
      ? p
      : refuse(`--${name} must be a number between 0 and 1`)
  }

  const port = isInteger(values.port) && Number(values.port) <= 65535
    ? Number(values.port)
    : refuse("--port must be an integer from 0 to 65535")
  const latencyText = values["latency-ms"]
  const latencyMs = latencyText === undefined ? undefined : Number(latencyText)
  if (latencyText !== undefined && !(latencyText.trim() !== "" && Number.isFinite(latencyMs) && latencyMs! >= 0)) {
    refuse("--latency-ms must be >= 0")
  }
  if (latencyMs !== undefined && latencyMs > maxLatencyMs) refuse(`--latency-ms must be at most ${maxLatencyMs}`)

  const rate429 = probability("rate-429")
  const rate5xx = probability("rate-5xx")
  const rateReset = probability("rate-reset")
  const rateValidation = probability("rate-400-validation")
  const rateClientError = probability("rate-400-client")
  const rateLatency = probability("rate-latency") ?? (latencyMs === undefined ? undefined : 1)

  const createAnswer = oneOf(values["create-answer"], createAnswers, "create-answer")
  const jobPolls = isInteger(values["job-polls"])
    ? Number(values["job-polls"])
    : refuse("--job-polls must be an integer >= 0")
  const jobOutcome = oneOf(values["job-outcome"], jobOutcomes, "job-outcome")

  // every --workspaces, each a comma-separated list; undefined when none is given
  const workspaces = values.workspaces?.flatMap((list) => list.split(",")).map((text) =>
    isInteger(text) && Number(text) >= 1
      ? Number(text)
      : refuse(`--workspaces takes workspace ids (integers >= 1), comma-separated; got "${text}"`)
  )

  const rates: FaultRates = {
    ...(rate429 === undefined ? {} : { tooManyRequests: { probability: rate429 } }),
    ...(rate5xx === undefined ? {} : { serverError: { probability: rate5xx } }),
    ...(rateReset === undefined ? {} : { reset: { probability: rateReset } }),
    ...(rateValidation === undefined ? {} : { validationError: { probability: rateValidation } }),
    ...(rateClientError === undefined ? {} : { clientError: { probability: rateClientError } }),
    ...(rateLatency === undefined ? {} : { latency: { probability: rateLatency, delay: latencyMs ?? 0 } })
  }
  return {
    _tag: "Serve",
    options: {
      port,
      createAnswer,
      jobs: { processingPolls: jobPolls, outcome: jobOutcome },
      ...(values.seed === undefined ? {} : { seed: values.seed }),
      ...(workspaces === undefined ? {} : { workspaces }),
      ...(Object.keys(rates).length === 0 ? {} : { faults: { rates } })
    }
  }
}

/**
 * The engine's two steps on timers: a latency fault is waited out with `setTimeout`, and when `signal` aborts
 * during the wait (the caller went away) the request is never carried out and the promise rejects.
 */
export const answerWithTimers = (engine: Engine): AnswerRequest => (request, signal) => {
  const arrival = engine.receive(request)
  const { delay } = arrival
  if (delay === undefined) return Promise.resolve(arrival.answer())
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal.reason)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort)
      resolve(arrival.answer())
    }, delay)
    signal.addEventListener("abort", onAbort, { once: true })
  })
}

/** A fake server that is listening. */
export interface RunningFake {
  /** The base URL to give a client, ending in `/api/v2`. */
  readonly url: string
  readonly port: number
  readonly engine: Engine
  /** Closes the server and its keep-alive connections (a request waiting out a latency is dropped). */
  readonly close: () => Promise<void>
}

/** A server that listens, or why it could not (the port is taken, say). */
export type Served =
  | { readonly ok: true; readonly server: RunningFake }
  | { readonly ok: false; readonly failure: ListenFailure }

/** Serves a fake with `options` and the default credentials on 127.0.0.1, or says why it cannot listen. */
export const serveFake = async (options: ServerOptions): Promise<Served> => {
  const { port, ...fakeOptions } = options
  const engine = makeEngine({ ...fakeOptions, accepted: defaultCredentials })
  const listening = await listen(answerWithTimers(engine), host, port)
  if (!listening.ok) return listening
  const { server } = listening
  return {
    ok: true,
    server: { url: `http://${host}:${server.port}${basePath}`, port: server.port, engine, close: server.close }
  }
}

/** What the command prints once it listens: where, with which credentials, and the faults it injects. */
export const banner = (url: string, options: ServerOptions): string => {
  const { apiKey, apiSecret, token } = defaultCredentials
  const rates = options.faults?.rates
  return [
    `Mammoth fake server listening on ${url}`,
    ``,
    `Use these credentials (the fake's, not real ones):`,
    `  Authorization: Bearer ${token}`,
    `  or (deprecated) X-API-KEY: ${apiKey}, X-API-SECRET: ${apiSecret}`,
    `  and X-WORKSPACE-ID: <the path's workspace id>`,
    ``,
    `or, for the client's layerConfig():`,
    `  export MAMMOTHANALYTICS_SERVER_URL=${url}`,
    `  export MAMMOTHANALYTICS_API_TOKEN=${token}`,
    ``,
    options.workspaces === undefined
      ? "The credentials reach every workspace."
      : `The credentials reach workspace(s) ${options.workspaces.join(", ")}: any other answers 403.`,
    rates === undefined ? "No faults injected." : `Fault rates: ${JSON.stringify(rates)}`,
    `Press Ctrl+C to stop.`
  ].join("\n")
}

/**
 * Runs the command with `args` (without `node` and the script), `program` naming it in the usage: serves
 * until SIGINT or SIGTERM, then closes the server and exits 0. `--help` prints the usage and exits 0; a bad
 * argument prints why and the usage to stderr and exits 2; a port it cannot listen on exits 1.
 */
export const main = async (args: ReadonlyArray<string>, program: string): Promise<void> => {
  const parsed = parseServerArgs(args)
  if (parsed._tag === "Help") {
    console.log(usage(program))
    return
  }
  if (parsed._tag === "Invalid") {
    console.error(`${parsed.message}\n${usage(program)}`)
    process.exitCode = 2
    return
  }
  const served = await serveFake(parsed.options)
  if (!served.ok) {
    console.error(served.failure.reason)
    process.exitCode = 1
    return
  }
  const { server } = served
  console.log(banner(server.url, parsed.options))
  // once: a second Ctrl+C while closing gets Node's default, an immediate end
  const stop = () => {
    process.off("SIGINT", stop)
    process.off("SIGTERM", stop)
    void server.close().then(() => console.log("Mammoth fake server stopped."))
  }
  process.once("SIGINT", stop)
  process.once("SIGTERM", stop)
}
