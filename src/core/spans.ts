/**
 * The spans of this client, the same on both Effect lines: their names beyond each operation's own
 * (`OperationSpec.span`), and their attributes: which operation, on which workspace, project, connector,
 * connection or job; never a body or a credential.
 *
 * @internal
 */
import type { OperationId } from "./operations.js"

/** The span around a whole `jobs.await`, its polls inside. */
export const awaitSpanName = "MammothAnalytics.jobs.await"

/** The span around a whole `connections.createAndAwait`. */
export const createAndAwaitSpanName = "MammothAnalytics.connections.createAndAwait"

/** The span attributes of a call: which operation on which connector; never a body or a credential. */
export const spanAttributes = (operation: OperationId, input: unknown): Record<string, unknown> => {
  const attributes: Record<string, unknown> = { "mammoth.operation": operation }
  for (const [field, name] of spanFields) {
    const value = readField(input, field)
    if (typeof value === "string" || typeof value === "number") attributes[name] = value
  }
  return attributes
}

/**
 * A field of the caller's input, or `undefined` when it is absent, the input is not an object, or reading it
 * throws (a getter of theirs: the request builder refuses such an input, a span just lacks the field).
 */
export const readField = (input: unknown, field: string): unknown => {
  if (typeof input !== "object" || input === null) return undefined
  try {
    return (input as Record<string, unknown>)[field]
  } catch {
    return undefined
  }
}

const spanFields: ReadonlyArray<readonly [string, string]> = [
  ["workspaceId", "mammoth.workspace_id"],
  ["projectId", "mammoth.project_id"],
  ["connectorKey", "mammoth.connector_key"],
  ["connectionKey", "mammoth.connection_key"],
  ["jobId", "mammoth.job_id"]
]
