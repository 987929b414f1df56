/**
 * The package's bin `mammoth-analytics-fake` (`src/core/fake/bin.ts`, running `main` of `src/core/fake/cli.ts`,
 * which `npm run fake-server` runs too), with no Effect: its arguments, the latency it waits out on a timer (a
 * request whose caller went away is never carried out), the server it starts, the bin itself started from its
 * source as a user starts it, and what makes it runnable from the tarball (a shebang, the path in
 * package.json, no import of `effect`). scripts/consumer-smoke.sh runs the built bin from the installed tarball.
 */
import { existsSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"
import { afterEach, describe, expect, it } from "vitest"
import { defaultCredentials } from "../../src/core/fake/auth.js"
import { answerWithTimers, maxLatencyMs, parseServerArgs, serveFake } from "../../src/core/fake/cli.js"
import { makeEngine } from "../../src/core/fake/engine.js"
import { latency, pass } from "../../src/core/fake/faults.js"
import type { FakeRequest } from "../../src/core/fake/model.js"
import { killLeftOvers, runFakeServer } from "../support/fakeServerProcess.js"

const root = fileURLToPath(new URL("../..", import.meta.url))
/** The path of a collection under a server's base URL, and as the engine reads it. */
const connections = "/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections"
const collection = `/api/v2${connections}`
const headers = { authorization: `Bearer ${defaultCredentials.token}`, "content-type": "application/json" }
const create: FakeRequest = { method: "POST", url: collection, headers, body: JSON.stringify({ database: "db" }) }

afterEach(killLeftOvers)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe("parseServerArgs", () => {
  it("defaults: port 4010, create answered with a job that ends at once in success, no faults", () => {
    expect(parseServerArgs([])).toEqual({
      _tag: "Serve",
      options: { port: 4010, createAnswer: "job", jobs: { processingPolls: 0, outcome: "success" } }
    })
    expect(parseServerArgs(["--help"])).toEqual({ _tag: "Help" })
  })

  it("every option, as the fake's options (delays in milliseconds)", () => {
    const parsed = parseServerArgs([
      "--port",
      "0",
      "--seed",
      "7",
      "--rate-429",
      "0.1",
      "--rate-5xx",
      "0.2",
      "--rate-reset",
      "0.05",
      "--rate-400-validation",
      "0.3",
      "--rate-400-client",
      "0.4",
      "--latency-ms",
      "200",
      "--workspaces",
      "4,7",
      "--workspaces",
      "9",
      "--create-answer",
      "created",
      "--job-polls",
      "3",
      "--job-outcome",
      "failure"
    ])
    expect(parsed).toEqual({
      _tag: "Serve",
      options: {
        port: 0,
        seed: "7",
        workspaces: [4, 7, 9],
        createAnswer: "created",
        jobs: { processingPolls: 3, outcome: "failure" },
        faults: {
          rates: {
            tooManyRequests: { probability: 0.1 },
            serverError: { probability: 0.2 },
            reset: { probability: 0.05 },
            validationError: { probability: 0.3 },
            clientError: { probability: 0.4 },
            // --rate-latency defaults to 1 when --latency-ms is given
            latency: { probability: 1, delay: 200 }
          }
        }
      }
    })
    expect(parseServerArgs(["--rate-latency", "0.5"])).toMatchObject({
      options: { faults: { rates: { latency: { probability: 0.5, delay: 0 } } } }
    })
  })

  it("a bad value or an unknown option is Invalid, with why (never a throw)", () => {
    const invalid = (args: ReadonlyArray<string>) => {
      const parsed = parseServerArgs(args)
      return parsed._tag === "Invalid" ? parsed.message : parsed
    }
    expect(invalid(["--port", "65536"])).toBe("--port must be an integer from 0 to 65535")
    expect(invalid(["--port", ""])).toBe("--port must be an integer from 0 to 65535")
    expect(invalid(["--rate-5xx", "1.5"])).toBe("--rate-5xx must be a number between 0 and 1")
    expect(invalid(["--rate-429", ""])).toBe("--rate-429 must be a number between 0 and 1")
    expect(invalid(["--latency-ms=-1"])).toBe("--latency-ms must be >= 0")
    expect(invalid(["--latency-ms", String(maxLatencyMs + 1)])).toBe(`--latency-ms must be at most ${maxLatencyMs}`)
    expect(invalid(["--workspaces", "4,0"])).toBe(
      `--workspaces takes workspace ids (integers >= 1), comma-separated; got "0"`
    )
    expect(invalid(["--create-answer", "201"])).toBe("--create-answer must be job, oauthExchange or created")
    expect(invalid(["--job-polls", "1.5"])).toBe("--job-polls must be an integer >= 0")
    expect(invalid(["--job-outcome", "done"])).toBe("--job-outcome must be success, failure or error")
    expect(invalid(["--forbidden-workspace", "5"])).toContain("Unknown option '--forbidden-workspace'")
    expect(invalid(["4010"])).toContain("Unexpected argument '4010'")
  })
})

describe("answerWithTimers: the engine's latency on a timer", () => {
  it("waits the latency, then carries the request out", async () => {
    const engine = makeEngine({ accepted: defaultCredentials, faults: { script: [latency(50)] } })
    const started = performance.now()
    const outcome = await answerWithTimers(engine)(create, new AbortController().signal)
    expect(performance.now() - started).toBeGreaterThanOrEqual(45)
    expect(outcome).toMatchObject({ _tag: "Response", status: 202 })
    expect(engine.stats()).toMatchObject({ totalRequests: 1, createsApplied: 1, faultsInjected: 1 })
  })

  it("a caller gone during the wait (or before it) leaves the request counted but never carried out", async () => {
    const engine = makeEngine({ accepted: defaultCredentials, faults: { script: [latency(60_000), latency(10)] } })
    const answer = answerWithTimers(engine)
    const during = new AbortController()
    const waiting = answer(create, during.signal)
    during.abort(new Error("the caller went away"))
    await expect(waiting).rejects.toThrow("the caller went away")
    await expect(answer(create, AbortSignal.abort())).rejects.toBeDefined()
    expect(engine.stats()).toMatchObject({ totalRequests: 2, createsApplied: 0, faultsInjected: 2 })
    expect(engine.connections()).toEqual([])
  })
})

describe("serveFake", () => {
  it("over HTTP, a create whose client aborts during the latency is not applied; one that waits is", async () => {
    const served = await serveFake({ port: 0, faults: { script: [pass, latency(300), latency(300)] } })
    if (!served.ok) throw new Error(served.failure.reason)
    const { server } = served
    const stats = () => server.engine.stats()
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/api/v2`)
      const url = `${server.url}${connections}`
      expect((await fetch(url, { headers })).status).toBe(200)
      const request = { method: "POST", headers, body: create.body }
      const gone = new AbortController()
      const aborted = fetch(url, { ...request, signal: gone.signal })
      // once the server has the create (it is waiting out its latency), its client goes away
      while (stats().totalRequests < 2) await sleep(5)
      gone.abort()
      await expect(aborted).rejects.toThrow()
      // past the latency: the aborted create would have been applied by now
      await sleep(500)
      expect(stats()).toMatchObject({ totalRequests: 2, createsApplied: 0, faultsInjected: 1 })
      const started = performance.now()
      const created = await fetch(url, request)
      expect(created.status).toBe(202)
      expect(performance.now() - started).toBeGreaterThanOrEqual(290)
      expect(stats()).toMatchObject({ totalRequests: 3, createsApplied: 1, faultsInjected: 2 })
    } finally {
      await server.close()
    }
  })

  it("a taken port is a failure with the reason, not a throw", async () => {
    const first = await serveFake({ port: 0 })
    if (!first.ok) throw new Error(first.failure.reason)
    try {
      const second = await serveFake({ port: first.server.port })
      expect(second.ok).toBe(false)
      if (!second.ok) expect(second.failure.reason).toContain(`cannot listen on 127.0.0.1:${first.server.port}`)
    } finally {
      await first.server.close()
    }
  })
})

describe("the bin mammoth-analytics-fake", () => {
  const runBin = (args: ReadonlyArray<string>) => runFakeServer("src/core/fake/bin.ts", args)

  it("prints the base URL and the credentials, answers with them, and SIGINT stops it with status 0", async () => {
    const bin = runBin(["--port", "0", "--job-polls", "1"])
    const url = await bin.listening
    const listed = await fetch(`${url}${connections}`, { headers })
    expect([listed.status, await listed.json()]).toEqual([200, { connections: [] }])
    const refused = await fetch(`${url}${connections}`)
    expect(refused.status).toBe(401)
    const ended = await bin.stop("SIGINT")
    expect(ended.stdout).toContain(`Authorization: Bearer ${defaultCredentials.token}`)
    expect(ended.stdout).toContain(`export MAMMOTHANALYTICS_SERVER_URL=${url}`)
    expect(ended.stdout).toContain(`export MAMMOTHANALYTICS_API_TOKEN=${defaultCredentials.token}`)
    expect(ended.stdout).toContain("Mammoth fake server stopped.")
    expect(ended).toMatchObject({ code: 0, signal: null, stderr: "" })
  }, 60_000)

  it("a bad option ends it with status 2 and its own usage; --help prints the usage with status 0", async () => {
    const [bad, help] = await Promise.all([runBin(["--rate-5xx", "2"]).ended, runBin(["--help"]).ended])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain(
      "--rate-5xx must be a number between 0 and 1\nusage: mammoth-analytics-fake [--port 4010]"
    )
    expect(help).toMatchObject({ code: 0, stderr: "" })
    expect(help.stdout).toMatch(/^usage: mammoth-analytics-fake /)
  }, 60_000)

  it("is the build of bin.ts, which starts with a shebang and loads only its own modules and Node's", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      readonly bin: Readonly<Record<string, string>>
      readonly files: ReadonlyArray<string>
    }
    // tsconfig.build.json compiles src/ to dist/, each X.ts to X.js
    const source = join(root, pkg.bin["mammoth-analytics-fake"]!.replace(/^dist\//, "src/").replace(/\.js$/, ".ts"))
    expect(relative(root, source)).toBe(join("src", "core", "fake", "bin.ts"))
    expect(pkg.files).toContain("dist")
    expect(readFileSync(source, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node")

    // every import, followed from the bin: relative ones (./X.js is X.ts) or node: built-ins, never effect
    const external = new Set<string>()
    const seen = new Set<string>()
    const follow = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      for (const { fileName } of ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles) {
        if (!fileName.startsWith(".")) external.add(fileName)
        else {
          const imported = resolve(dirname(file), fileName.replace(/\.js$/, ".ts"))
          expect(existsSync(imported), `${fileName} from ${file}`).toBe(true)
          follow(imported)
        }
      }
    }
    follow(source)
    expect([...external].sort()).toEqual(["node:http", "node:util"])
    expect(seen.size).toBeGreaterThan(10)
  })
})
