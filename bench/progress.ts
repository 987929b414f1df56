/**
 * The progress of `npm run bench` on stderr: which pass, phase, figure, contender and round, and an estimate of
 * the time left. On a terminal one line is rewritten in place; otherwise (a log file, CI) a line is written when
 * the phase changes and at most every `everyMs` in between.
 */
export interface ProgressUpdate {
  /** `warm-up`, `round 3/15`, `cold start 2/7`, `heap check`... */
  readonly phase: string
  /** The figure and contender being measured. */
  readonly detail: string
  /** The estimated seconds left in the whole run; `undefined` while unknown. */
  readonly leftSeconds: number | undefined
}

export const formatSeconds = (seconds: number): string => {
  const s = Math.max(0, Math.round(seconds))
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`
}

export interface Progress {
  readonly update: (u: ProgressUpdate) => void
  /** A line that stays (a phase done), written after clearing the progress line. */
  readonly note: (line: string) => void
  /** Ends the progress line. */
  readonly done: () => void
}

export const makeProgress = (options: {
  readonly prefix: string
  readonly startedAt: number
  readonly stream?: NodeJS.WriteStream
  readonly everyMs?: number
}): Progress => {
  const stream = options.stream ?? process.stderr
  const tty = stream.isTTY === true
  const everyMs = options.everyMs ?? 5_000
  let lastWrite = 0
  let lastPhase = ""
  let open = false
  const stamp = () => `[${((Date.now() - options.startedAt) / 1000).toFixed(0).padStart(4)} s]`
  const clear = () => {
    if (tty && open) stream.write("\r\x1b[2K")
    open = false
  }
  return {
    update: (u) => {
      const now = Date.now()
      const left = u.leftSeconds === undefined ? "estimating time left" : `about ${formatSeconds(u.leftSeconds)} left`
      const line = `${stamp()} ${options.prefix}${u.phase} · ${u.detail} · ${left}`
      if (tty) {
        const width = stream.columns ?? 120
        stream.write(`\r\x1b[2K${line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line}`)
        open = true
      } else if (u.phase !== lastPhase || now - lastWrite >= everyMs) {
        stream.write(`${line}\n`)
        lastWrite = now
      }
      lastPhase = u.phase
    },
    note: (line) => {
      clear()
      stream.write(`${stamp()} ${options.prefix}${line}\n`)
    },
    done: clear
  }
}
