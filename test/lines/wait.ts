/**
 * Waiting on a condition in Promise-land, for every line: polls `predicate` on real time until it holds, for
 * at most `maxMillis`, and rejects with `label` otherwise. A guard against hanging, never an assertion on how
 * long something took.
 */
export const waitUntil = async (predicate: () => boolean, label: string, maxMillis = 5_000): Promise<void> => {
  const deadline = Date.now() + maxMillis
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${label}`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
}

/** Waits `millis` of real time (to let a client reach a state nothing outside it can observe). */
export const sleepReal = (millis: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, millis))
