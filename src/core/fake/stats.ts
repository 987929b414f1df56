/**
 * The fake's counters: requests by the operation their method and path name, creates actually applied, and
 * faults injected. Read as a snapshot, which later requests do not change.
 *
 * @internal
 */
import type { FakeStats, OperationName } from "./model.js"

/** The counters of one fake. */
export interface Counters {
  /** Counts a request that reached the fake, by its operation (`unmatched` when its path and method name none). */
  readonly request: (operation: OperationName | "unmatched") => void
  /** Counts a connection actually created. */
  readonly createApplied: () => void
  /** Counts a request that got a fault (latency included). */
  readonly faultInjected: () => void
  /** The counters as they are now. */
  readonly snapshot: () => FakeStats
  /** Sets every counter back to 0. */
  readonly clear: () => void
}

const zero = (): FakeStats => ({
  totalRequests: 0,
  requests: { list: 0, create: 0, get: 0, update: 0, delete: 0, getJob: 0, unmatched: 0 },
  createsApplied: 0,
  faultsInjected: 0
})

/** Counters at 0. */
export const makeCounters = (): Counters => {
  let stats = zero()
  return {
    request: (operation) => {
      stats = {
        ...stats,
        totalRequests: stats.totalRequests + 1,
        requests: { ...stats.requests, [operation]: stats.requests[operation] + 1 }
      }
    },
    createApplied: () => {
      stats = { ...stats, createsApplied: stats.createsApplied + 1 }
    },
    faultInjected: () => {
      stats = { ...stats, faultsInjected: stats.faultsInjected + 1 }
    },
    snapshot: () => stats,
    clear: () => {
      stats = zero()
    }
  }
}
