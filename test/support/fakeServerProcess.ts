/**
 * The fake server's command (`npm run fake-server`'s script, or the package's bin from its TypeScript source)
 * run as a user runs it: in a child process, its output read for the base URL it prints, stopped with a signal
 * as Ctrl+C does. Children a test leaves running are killed by {@link killLeftOvers} (call it in `afterEach`).
 */
import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../..", import.meta.url))

/** What a run of the command printed, and how it ended. */
export interface Ended {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** The children started, so {@link killLeftOvers} stops any that a failed test left running. */
const started = new Set<ChildProcess>()

/** Kills every child still running. */
export const killLeftOvers = (): void => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
  started.clear()
}

/**
 * Runs the TypeScript file `entry` (relative to the repository) with `args` under tsx; `listening` is the base
 * URL once it prints it (rejected if it ends first), `stop` sends `signal` and waits for the end.
 */
export const runFakeServer = (entry: string, args: ReadonlyArray<string>) => {
  const child = spawn(process.execPath, ["--import", "tsx", entry, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"]
  })
  started.add(child)
  let stdout = ""
  let stderr = ""
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk))
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk))
  const ended = new Promise<Ended>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }))
  )
  const listening = new Promise<string>((resolve, reject) => {
    const look = () => {
      const url = /listening on (http:\/\/127\.0\.0\.1:[0-9]+\/api\/v2)$/m.exec(stdout)?.[1]
      if (url !== undefined) resolve(url)
    }
    child.stdout!.on("data", look)
    void ended.then((end) => reject(new Error(`${entry} ended before listening: ${JSON.stringify(end)}`)))
  })
  // a run that is meant to end (a bad option) never listens: its rejection is no unhandled one
  listening.catch(() => undefined)
  /** Stops the command as Ctrl+C (SIGINT) or a service manager (SIGTERM) does, and waits for it to end. */
  const stop = (signal: NodeJS.Signals = "SIGTERM") => {
    child.kill(signal)
    return ended
  }
  return { listening, ended, stop }
}
