/**
 * The names and inputs of the operations, as plain types, the same on both Effect lines: each line's `Schemas` exports them,
 * as these types and as schemas built from the operations' parameters (`core/operations.ts`) with the value rules
 * of `core/input.ts`, so a parameter is described once. Part of both lines' public types.
 */

/** The spec's operationIds. */
export type OperationId =
  | "ListConnections"
  | "SaveConnection"
  | "GetConnection"
  | "UpdateConnection"
  | "DeleteConnection"
  | "GetJob"

/** The operation's short name: the method on `mammoth.connections`, or `getJob` (`mammoth.jobs.get`). */
export type OperationName = "list" | "create" | "get" | "update" | "delete" | "getJob"

/** The values of get's `concern` query parameter. */
export const concerns = ["profiles", "ds_config_spec"] as const

/** A JSON object of any content (`type: object` in the spec), as a connection's configuration is. */
export interface JsonObject {
  readonly [key: string]: unknown
}

/** One operation of an update: replace the connection's configuration with `value` (merged by the server). */
export interface PatchOp {
  readonly op: "replace"
  readonly path: "connection"
  readonly value: JsonObject
}

/** The connector a call addresses, common to the five Connections operations. */
export interface ConnectorScope {
  /** An integer >= 1. */
  readonly workspaceId: number
  /** An integer >= 1. */
  readonly projectId: number
  /** The connector's encoded key, as the API names it: `cG9zdGdyZXM=` is `postgres`. Not empty. */
  readonly connectorKey: string
  /** Sent as `is_export` when given. */
  readonly isExport?: boolean | undefined
}

/** Input of `connections.list`. */
export interface ListInput extends ConnectorScope {}

/** Input of `connections.create`: `requestBody` is the connection's configuration, the JSON body. */
export interface CreateInput extends ConnectorScope {
  readonly requestBody: JsonObject
}

/** Input of `connections.get`: `null` is not sent; an empty `profile` or `browseRoot` is refused. */
export interface GetInput extends ConnectorScope {
  /** 1 to 100 characters. */
  readonly connectionKey: string
  readonly concern?: (typeof concerns)[number] | null | undefined
  readonly profile?: string | null | undefined
  /** Sent as `browse_root`. */
  readonly browseRoot?: string | null | undefined
  /** Sent as `folders_only`. */
  readonly foldersOnly?: boolean | undefined
}

/** Input of `connections.update`: `patch` is sent as `{"patch": [...]}`. */
export interface UpdateInput extends ConnectorScope {
  /** 1 to 100 characters. */
  readonly connectionKey: string
  readonly patch: ReadonlyArray<PatchOp>
}

/** Input of `connections.delete`. */
export interface DeleteInput extends ConnectorScope {
  /** 1 to 100 characters. */
  readonly connectionKey: string
}

/** Input of `jobs.get` and `jobs.await`: the job, and its workspace (sent as `X-WORKSPACE-ID` with a key). */
export interface GetJobInput {
  /** An integer >= 1. */
  readonly workspaceId: number
  /** An integer >= 0. */
  readonly jobId: number
}
