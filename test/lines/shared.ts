/**
 * What the line adapters (`test/lines/v3.ts`, `test/v4/line.ts`) share and which needs no Effect: picking an
 * operation of the service by name, and a JSON rendering that never throws.
 */
import type { OperationName } from "./Line.js"

/** An operation of either line's service, whatever its types: the adapter casts its result to its `Effect`. */
export type AnyOperation = (input: unknown, options?: unknown) => unknown

interface AnyService {
  readonly connections: Readonly<Record<string, AnyOperation>>
  readonly jobs: Readonly<Record<string, AnyOperation>>
}

/** The service's operation of that name (`jobs.get` / `jobs.await` are `mammoth.jobs`'). */
export const operationOf = (service: unknown, name: OperationName): AnyOperation => {
  const { connections, jobs } = service as AnyService
  const operation = name === "jobs.get" ? jobs["get"] : name === "jobs.await" ? jobs["await"] : connections[name]
  if (operation === undefined) throw new Error(`the service has no operation ${name}`)
  return operation
}

/** `JSON.stringify`, or what it threw. */
export const safeJson = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? ""
  } catch (error) {
    return `unserializable: ${String(error)}`
  }
}
