/**
 * A virtual clock for every line, with no Effect in it: a line's adapter makes it the `Clock` of each call
 * (its time is `now()`, each of its sleeps registered here), and only `adjust` / `setTime` move the time and
 * wake the sleeps that are due, earliest first, as a `TestClock` does.
 *
 * The calls it runs talk to `fetch` functions that answer on promises, which no `TestClock` tracks; so after
 * each wake, `adjust` waits for the test's `settled` condition (the call parked in its next sleep, or done)
 * before it looks for the next due sleep.
 */
import { waitUntil } from "./wait.js"

/** A pending sleep: when it is due, and how long it was asked for. */
export interface PendingSleep {
  readonly at: number
  readonly millis: number
}

interface Entry extends PendingSleep {
  readonly order: number
  readonly wake: () => void
}

/** At most this many sleeps woken by one `adjust`: a bound on the loop, far above what any test wakes. */
const maxWakes = 1_000

export class VirtualTime {
  private current: number
  private order = 0
  private readonly sleeps: Array<Entry> = []

  constructor(startMillis = 0) {
    this.current = startMillis
  }

  /** The current time, in milliseconds since the epoch. */
  now(): number {
    return this.current
  }

  /**
   * Registers a sleep of `millis` that calls `wake` once it is due; returns its cancellation, or `undefined`
   * when it is due already (nothing to wait for: the caller resumes at once).
   */
  sleep(millis: number, wake: () => void): (() => void) | undefined {
    if (!(millis > 0)) return undefined
    const entry: Entry = { at: this.current + millis, millis, order: this.order++, wake }
    this.sleeps.push(entry)
    return () => {
      const index = this.sleeps.indexOf(entry)
      if (index !== -1) this.sleeps.splice(index, 1)
    }
  }

  /** The sleeps not yet woken nor cancelled. */
  pending(): ReadonlyArray<PendingSleep> {
    return this.sleeps.map(({ at, millis }) => ({ at, millis }))
  }

  /** Moves the time `millis` forward, waking every sleep due by then (see `run`). */
  adjust(millis: number, settled: () => boolean): Promise<void> {
    return this.run(this.current + millis, settled)
  }

  /** Sets the time to `at`, waking every sleep due by then (see `run`). */
  setTime(at: number, settled: () => boolean): Promise<void> {
    return this.run(at, settled)
  }

  /**
   * Waits for `settled`, then, for each sleep due by `target`, earliest first (in registration order among
   * equals): sets the time to its due time, wakes it, and waits for `settled` again. Ends at `target`.
   */
  private async run(target: number, settled: () => boolean): Promise<void> {
    await waitUntil(settled, "the calls to settle before the clock moves")
    for (let woken = 0; woken < maxWakes; woken++) {
      const due = this.sleeps.filter((entry) => entry.at <= target)
      if (due.length === 0) break
      const next = due.reduce((a, b) => (b.at < a.at || (b.at === a.at && b.order < a.order) ? b : a))
      this.sleeps.splice(this.sleeps.indexOf(next), 1)
      this.current = Math.max(this.current, next.at)
      next.wake()
      await waitUntil(settled, `the calls to settle after the sleep due at ${next.at}`)
    }
    this.current = target
  }
}
