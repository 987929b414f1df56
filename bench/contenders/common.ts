/**
 * What the bench driver needs of a contender, and the helpers that build it from one request (a `Promise`
 * function, or an `Effect` run by a `ManagedRuntime` built once).
 */
import type { ListSize } from "../fixtures.js"

/** How one call ended: its value, or the tag of its error (the sanity test compares contenders by it). */
export type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly tag: string }

export interface Contender {
  /** One list request, fully decoded; the result is checked once by the driver. */
  readonly once: (size: ListSize) => Promise<unknown>
  /** One list request, its failure as a value (the Effect contenders). */
  readonly outcome?: (size: ListSize) => Promise<Outcome>
  /** `count` requests one after the other; the time of each, in milliseconds. */
  readonly sequential: (size: ListSize, count: number) => Promise<Array<number>>
  /** `count` requests, at most `concurrency` in flight at once. */
  readonly concurrent: (size: ListSize, count: number, concurrency: number) => Promise<void>
  readonly close: () => Promise<void>
}

/** The credentials every contender sends, as the client does. */
export const apiKey = "bench-key"
export const apiSecret = "bench-secret"

export const fromPromise = (
  once: (size: ListSize) => Promise<unknown>,
  close: () => Promise<void> = async () => {}
): Contender => ({
  once,
  sequential: async (size, count) => {
    const times = new Array<number>(count)
    for (let i = 0; i < count; i++) {
      const start = performance.now()
      await once(size)
      times[i] = performance.now() - start
    }
    return times
  },
  concurrent: async (size, count, concurrency) => {
    let next = 0
    const worker = async () => {
      while (next < count) {
        next++
        await once(size)
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  },
  close
})
