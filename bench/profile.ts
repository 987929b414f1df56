/**
 * Profiling aid (not part of `npm run bench`): runs one contender against the bench server for a bounded
 * number of requests, so that `node --cpu-prof` sees only the client's steady state. The contender is named by
 * its id in bench/contenders/registry.ts.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts v3-client-undici 3 20000 [c]
 *   node --import tsx bench/top-frames.ts /tmp/prof/<file>.cpuprofile
 */
import { fork } from "node:child_process"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { contenderById, contenders } from "./contenders/registry.js"
import type { ListSize } from "./fixtures.js"

const here = path.dirname(fileURLToPath(import.meta.url))
const [key = "v3-client-undici", sizeArg = "3", countArg = "20000", concurrencyArg = "1"] = process.argv.slice(2)
const size = Number(sizeArg) as ListSize
const count = Math.min(Number(countArg), 200_000)
const concurrency = Number(concurrencyArg)

const server = fork(path.join(here, "server.ts"), ["--max-ms=300000"], { execArgv: ["--import", "tsx"] })
const port = await new Promise<number>((resolve) =>
  server.once("message", (m) => resolve((m as { port: number }).port))
)
const baseUrl = `http://127.0.0.1:${port}/api/v2`

const spec = contenderById(key)
if (spec === undefined) throw new Error(`no contender ${key}: one of ${contenders.map((c) => c.id).join(", ")}`)
const contender = await spec.make(baseUrl)
const start = performance.now()
const cpu = process.cpuUsage()
if (concurrency > 1) await contender.concurrent(size, count, concurrency)
else await contender.sequential(size, count)
const used = process.cpuUsage(cpu)
const ms = performance.now() - start
console.log(
  `${key} n=${size} x${count} c=${concurrency}: ${(ms * 1000 / count).toFixed(1)} µs/req wall, ${
    ((used.user + used.system) / count).toFixed(1)
  } µs/req CPU`
)
await contender.close()
server.disconnect()
server.kill()
