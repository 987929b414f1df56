/**
 * Every contender of `npm run bench`, described once: bench/run.ts measures them, bench/profile.ts runs one,
 * the results file names them by `id`, and the targets of issue 13 are found from `line`, `role` and
 * `transport` (bench/targets.ts). Each module is imported only when its contender is made, so that a run of a
 * few contenders loads only theirs.
 *
 * Adding a contender is one entry here, its module under bench/contenders/ (bench/v4/ for an Effect 4 one),
 * and, for a cold start, an entry module under bench/cold/ named by `cold`. Ids are `<line>-<role>-<transport>`
 * for the Effect contenders (`v4-client-fetch`, `v4-handwritten-undici`) and the library's name for the others.
 *
 * The Effect 4 contenders live in bench/v4/, a workspace whose `effect` is effect 4 (src/v4's) and whose
 * `@effect/platform-node` is 4.x: a module here or under bench/contenders/ that imported `effect` would get the
 * root's effect 3. Only their `make` is imported from here, lazily, so loading the registry loads neither line.
 */
import type { Contender } from "./common.js"

/** The Effect line a contender runs on; the non-Effect baselines have none. */
export type Line = "v3" | "v4"

export type Transport = "undici" | "fetch"

/**
 * `client`: this library; `handwritten`: the small service an Effect user writes by hand on the same line and
 * transport (issue 13's competitor); `baseline`: no Effect (undici, fetch, openapi-fetch, fetch + zod).
 */
export type Role = "client" | "handwritten" | "baseline"

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
  /** Whether the run checks its heap after 100,000 calls (the memory target; one client per line and pass). */
  readonly memory?: boolean
  readonly runtime: Runtime
  readonly make: (baseUrl: string) => Promise<Contender>
}

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
    label: "hand-written Effect 3 client, layerUndici",
    short: "v3 hand-written undici",
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
    label: "hand-written Effect 3 client, FetchHttpClient",
    short: "v3 hand-written fetch",
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
    label: "hand-written Effect 4 client, FetchHttpClient",
    short: "v4 hand-written fetch",
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
    label: "hand-written Effect 4 client, layerUndici",
    short: "v4 hand-written undici",
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
    id: "v4-client-undici",
    label: "this client (Effect 4), layerUndici",
    short: "v4 client undici",
    line: "v4",
    role: "client",
    transport: "undici",
    tracer: true,
    camelCase: true,
    cold: "v4-client-undici",
    runtime: "node22",
    make: async (u) => (await import("../v4/v4-client-undici.js")).make(u)
  }
]

export const contenderById = (id: string): ContenderSpec | undefined => contenders.find((c) => c.id === id)
