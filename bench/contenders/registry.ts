/**
 * Every contender of `npm run bench`, described once: bench/run.ts measures them, bench/profile.ts runs one,
 * the results file names them by `id`, and the targets of issue 21 are found from `line`, `role` and
 * `transport` (bench/targets.ts). Each module is imported only when its contender is made, so that a run of a
 * few contenders loads only theirs.
 *
 * Adding a contender is one entry here, its module under bench/contenders/ (bench/v4/ for an Effect 4 one),
 * and, for a cold start, an entry module under bench/cold/ named by `cold`. Ids are `<line>-<role>-<transport>`
 * for the Effect contenders (`v4-client-fetch`, `v4-featured-undici`, `v3-handwritten-fetch`), a twin's its
 * contender's with `-twin`, and the library's name for the others.
 *
 * The Effect 4 contenders live in bench/v4/, a workspace whose `effect` is effect 4 (src/v4's) and whose
 * `@effect/platform-node` is 4.x: a module here or under bench/contenders/ that imported `effect` would get the
 * root's effect 3. Only their `make` is imported from here, lazily, so loading the registry loads neither line.
 */
import type { FigureId } from "../results.js"
import type { Contender } from "./common.js"

/** The Effect line a contender runs on; the non-Effect baselines have none. */
export type Line = "v3" | "v4"

export type Transport = "undici" | "fetch"

/**
 * `client`: this library; `featured`: the feature-equal hand-written client, what an expert writes by hand to give
 * every guarantee this library gives, on the same line and transport (issue 21's fair peer); `handwritten`: the
 * bare hand-written client, the small service an Effect user writes with none of those guarantees (issue 13's
 * competitor, now the measure of what the guarantees cost); `twin`: a second instance of another contender
 * (`twinOf`), measured beside it so that the run shows how far apart the same code measures (the A/A spread);
 * `baseline`: no Effect (undici, fetch, openapi-fetch, fetch + zod).
 */
export type Role = "client" | "featured" | "handwritten" | "twin" | "baseline"

/**
 * The Node a contender is measured on: `default` is the node running `npm run bench`; `node22` is Node 22 of
 * the runtime matrix (scripts/test-runtimes.sh), in a second pass of the same run (Effect 4 over undici needs
 * it). The baselines run in every pass, so each pass's ratios are within one process and one server.
 */
export type Runtime = "default" | "node22"

export interface ContenderSpec {
  readonly id: string
  /** Its row in the tables. */
  readonly label: string
  /** Its bar in the chart: a few words. */
  readonly short: string
  readonly line?: Line
  readonly role: Role
  readonly transport: Transport
  /** Whether Effect's tracer is on (the default): the targets compare tracer-on contenders only. */
  readonly tracer: boolean
  /** Whether its answer has camelCase fields (and so was validated and renamed), checked before measuring. */
  readonly camelCase: boolean
  /** Its module under bench/cold (without extension), which imports it and makes one call; none: no cold row. */
  readonly cold?: string
  /** Whether the run checks its heap after 100,000 calls (the memory target: each client of a line and transport). */
  readonly memory?: boolean
  readonly runtime: Runtime
  /** A `twin`'s contender: the same code, made again, for the A/A spread. */
  readonly twinOf?: string
  /** The figures measured; default all. A twin needs only those its A/A spread is for. */
  readonly figures?: ReadonlyArray<FigureId>
  readonly make: (baseUrl: string) => Promise<Contender>
}

/**
 * Whether a contender runs in the "what a user sees" scenario (a server that answers after 5 ms and after
 * 50 ms): each baseline and each tracer-on Effect contender but the twins.
 */
export const inScenario = (c: ContenderSpec): boolean => c.role !== "twin" && (c.line === undefined || c.tracer)

/** The figures of the A/A spread: those of the targets against the feature-equal client. */
const twinFigures: ReadonlyArray<FigureId> = ["latency", "cpu", "throughput"]

export const contenders: ReadonlyArray<ContenderSpec> = [
  {
    id: "undici",
    label: "undici request + JSON.parse",
    short: "undici",
    role: "baseline",
    transport: "undici",
    tracer: false,
    camelCase: false,
    cold: "undici",
    runtime: "default",
    make: async (u) => (await import("./undici.js")).make(u)
  },
  {
    id: "fetch",
    label: "fetch + res.json()",
    short: "fetch",
    role: "baseline",
    transport: "fetch",
    tracer: false,
    camelCase: false,
    cold: "fetch",
    runtime: "default",
    make: async (u) => (await import("./fetch.js")).make(u)
  },
  {
    id: "openapi-fetch",
    label: "openapi-fetch",
    short: "openapi-fetch",
    role: "baseline",
    transport: "fetch",
    tracer: false,
    camelCase: false,
    cold: "openapi-fetch",
    runtime: "default",
    make: async (u) => (await import("./openapi-fetch.js")).make(u)
  },
  {
    id: "fetch-zod",
    label: "fetch + zod 4 + camelCase",
    short: "fetch + zod",
    role: "baseline",
    transport: "fetch",
    tracer: false,
    camelCase: true,
    cold: "fetch-zod",
    runtime: "default",
    make: async (u) => (await import("./fetch-zod.js")).make(u)
  },
  {
    id: "v3-handwritten-undici",
    label: "bare hand-written Effect 3 client, layerUndici",
    short: "v3 bare undici",
    line: "v3",
    role: "handwritten",
    transport: "undici",
    tracer: true,
    camelCase: true,
    cold: "v3-handwritten-undici",
    runtime: "default",
    make: async (u) => (await import("./v3-handwritten-undici.js")).make(u)
  },
  {
    id: "v3-handwritten-fetch",
    label: "bare hand-written Effect 3 client, FetchHttpClient",
    short: "v3 bare fetch",
    line: "v3",
    role: "handwritten",
    transport: "fetch",
    tracer: true,
    camelCase: true,
    cold: "v3-handwritten-fetch",
    runtime: "default",
    make: async (u) => (await import("./v3-handwritten-fetch.js")).make(u)
  },
  {
    id: "v3-featured-undici",
    label: "feature-equal hand-written Effect 3 client, layerUndici",
    short: "v3 feature-equal undici",
    line: "v3",
    role: "featured",
    transport: "undici",
    tracer: true,
    camelCase: true,
    cold: "v3-featured-undici",
    runtime: "default",
    make: async (u) => (await import("./v3-featured-undici.js")).make(u)
  },
  {
    id: "v3-featured-undici-twin",
    label: "feature-equal hand-written Effect 3 client, layerUndici, a second instance (A/A)",
    short: "v3 feature-equal undici (A/A twin)",
    line: "v3",
    role: "twin",
    transport: "undici",
    tracer: true,
    camelCase: true,
    runtime: "default",
    twinOf: "v3-featured-undici",
    figures: twinFigures,
    make: async (u) => (await import("./v3-featured-undici.js")).make(u)
  },
  {
    id: "v3-featured-fetch",
    label: "feature-equal hand-written Effect 3 client, FetchHttpClient",
    short: "v3 feature-equal fetch",
    line: "v3",
    role: "featured",
    transport: "fetch",
    tracer: true,
    camelCase: true,
    cold: "v3-featured-fetch",
    runtime: "default",
    make: async (u) => (await import("./v3-featured-fetch.js")).make(u)
  },
  {
    id: "v3-featured-fetch-twin",
    label: "feature-equal hand-written Effect 3 client, FetchHttpClient, a second instance (A/A)",
    short: "v3 feature-equal fetch (A/A twin)",
    line: "v3",
    role: "twin",
    transport: "fetch",
    tracer: true,
    camelCase: true,
    runtime: "default",
    twinOf: "v3-featured-fetch",
    figures: twinFigures,
    make: async (u) => (await import("./v3-featured-fetch.js")).make(u)
  },
  {
    id: "v3-client-undici",
    label: "this client (Effect 3), layerUndici",
    short: "v3 client undici",
    line: "v3",
    role: "client",
    transport: "undici",
    tracer: true,
    camelCase: true,
    cold: "v3-client-undici",
    memory: true,
    runtime: "default",
    make: async (u) => (await import("./v3-client-undici.js")).make(u)
  },
  {
    id: "v3-client-fetch",
    label: "this client (Effect 3), FetchHttpClient",
    short: "v3 client fetch",
    line: "v3",
    role: "client",
    transport: "fetch",
    tracer: true,
    camelCase: true,
    cold: "v3-client-fetch",
    memory: true,
    runtime: "default",
    make: async (u) => (await import("./v3-client-fetch.js")).make(u)
  },
  {
    id: "v3-client-undici-notrace",
    label: "this client (Effect 3), layerUndici, tracer off",
    short: "v3 client undici, tracer off",
    line: "v3",
    role: "client",
    transport: "undici",
    tracer: false,
    camelCase: true,
    runtime: "default",
    make: async (u) => (await import("./v3-client-undici.js")).make(u, { tracer: false })
  },
  {
    id: "v3-client-fetch-notrace",
    label: "this client (Effect 3), FetchHttpClient, tracer off",
    short: "v3 client fetch, tracer off",
    line: "v3",
    role: "client",
    transport: "fetch",
    tracer: false,
    camelCase: true,
    runtime: "default",
    make: async (u) => (await import("./v3-client-fetch.js")).make(u, { tracer: false })
  },
  {
    id: "v4-handwritten-fetch",
    label: "bare hand-written Effect 4 client, FetchHttpClient",
    short: "v4 bare fetch",
    line: "v4",
    role: "handwritten",
    transport: "fetch",
    tracer: true,
    camelCase: true,
    cold: "v4-handwritten-fetch",
    runtime: "default",
    make: async (u) => (await import("../v4/v4-handwritten-fetch.js")).make(u)
  },
  {
    id: "v4-featured-fetch",
    label: "feature-equal hand-written Effect 4 client, FetchHttpClient",
    short: "v4 feature-equal fetch",
    line: "v4",
    role: "featured",
    transport: "fetch",
    tracer: true,
    camelCase: true,
    cold: "v4-featured-fetch",
    runtime: "default",
    make: async (u) => (await import("../v4/v4-featured-fetch.js")).make(u)
  },
  {
    id: "v4-featured-fetch-twin",
    label: "feature-equal hand-written Effect 4 client, FetchHttpClient, a second instance (A/A)",
    short: "v4 feature-equal fetch (A/A twin)",
    line: "v4",
    role: "twin",
    transport: "fetch",
    tracer: true,
    camelCase: true,
    runtime: "default",
    twinOf: "v4-featured-fetch",
    figures: twinFigures,
    make: async (u) => (await import("../v4/v4-featured-fetch.js")).make(u)
  },
  {
    id: "v4-client-fetch",
    label: "this client (Effect 4), FetchHttpClient",
    short: "v4 client fetch",
    line: "v4",
    role: "client",
    transport: "fetch",
    tracer: true,
    camelCase: true,
    cold: "v4-client-fetch",
    memory: true,
    runtime: "default",
    make: async (u) => (await import("../v4/v4-client-fetch.js")).make(u)
  },
  {
    id: "v4-handwritten-undici",
    label: "bare hand-written Effect 4 client, layerUndici",
    short: "v4 bare undici",
    line: "v4",
    role: "handwritten",
    transport: "undici",
    tracer: true,
    camelCase: true,
    cold: "v4-handwritten-undici",
    runtime: "node22",
    make: async (u) => (await import("../v4/v4-handwritten-undici.js")).make(u)
  },
  {
    id: "v4-featured-undici",
    label: "feature-equal hand-written Effect 4 client, layerUndici",
    short: "v4 feature-equal undici",
    line: "v4",
    role: "featured",
    transport: "undici",
    tracer: true,
    camelCase: true,
    cold: "v4-featured-undici",
    runtime: "node22",
    make: async (u) => (await import("../v4/v4-featured-undici.js")).make(u)
  },
  {
    id: "v4-featured-undici-twin",
    label: "feature-equal hand-written Effect 4 client, layerUndici, a second instance (A/A)",
    short: "v4 feature-equal undici (A/A twin)",
    line: "v4",
    role: "twin",
    transport: "undici",
    tracer: true,
    camelCase: true,
    runtime: "node22",
    twinOf: "v4-featured-undici",
    figures: twinFigures,
    make: async (u) => (await import("../v4/v4-featured-undici.js")).make(u)
  },
  {
    id: "v4-client-undici",
    label: "this client (Effect 4), layerUndici",
    short: "v4 client undici",
    line: "v4",
    role: "client",
    transport: "undici",
    tracer: true,
    camelCase: true,
    cold: "v4-client-undici",
    memory: true,
    runtime: "node22",
    make: async (u) => (await import("../v4/v4-client-undici.js")).make(u)
  }
]

export const contenderById = (id: string): ContenderSpec | undefined => contenders.find((c) => c.id === id)
