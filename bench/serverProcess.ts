/**
 * Starts the bench's loopback server (bench/server.ts) in its own process and waits for its port: refused when it
 * exits first or does not tell its port within 20 s, so that no bench waits on a server that is not there.
 * `maxMs`: the server stops itself after that long; `delayMs`: it answers each request that long after reading
 * it ("what a user sees"). The caller kills it when done (and it stops when its parent goes away).
 */
import { type ChildProcess, fork } from "node:child_process"
import * as path from "node:path"
import { fileURLToPath } from "node:url"

const here = path.dirname(fileURLToPath(import.meta.url))

export const startBenchServer = (
  options: { readonly maxMs: number; readonly delayMs?: number }
): Promise<{ readonly child: ChildProcess; readonly baseUrl: string }> =>
  new Promise((resolve, reject) => {
    const child = fork(path.join(here, "server.ts"), [
      `--max-ms=${options.maxMs}`,
      `--delay-ms=${options.delayMs ?? 0}`
    ], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"]
    })
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error("the bench server did not start within 20 s"))
    }, 20_000)
    child.once("message", (message) => {
      clearTimeout(timer)
      const port = (message as { port: number }).port
      resolve({ child, baseUrl: `http://127.0.0.1:${port}/api/v2` })
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`the bench server exited (${code})`))
    })
  })
