/**
 * Contender 4: what a generated TypeScript SDK does (Speakeasy's shape): zod-validate the input, build the
 * path with encoded segments, `fetch`, check the status, `res.json()`, zod-validate the snake_case body and
 * remap it to camelCase in the schema's `transform`.
 */
import * as z from "zod"
import type { ListSize } from "../fixtures.js"
import { connectorKey, projectId } from "../fixtures.js"
import { apiKey, apiSecret, fromPromise } from "./common.js"
import type { Contender } from "./common.js"

const ListConnectionsRequest$outbound = z.object({
  workspaceId: z.number().int().min(1),
  projectId: z.number().int().min(1),
  connectorKey: z.string().min(1),
  isExport: z.boolean().optional()
})

const GetConnectionSchema$inbound = z
  .object({
    connection_key: z.string().min(1),
    connection_config: z.record(z.string(), z.any())
  })
  .transform((v) => ({ connectionKey: v.connection_key, connectionConfig: v.connection_config }))

const ListConnectionsSchema$inbound = z.object({ connections: z.array(GetConnectionSchema$inbound) })

export type ConnectionList = z.output<typeof ListConnectionsSchema$inbound>

export const make = (baseUrl: string): Contender => {
  const headers = {
    accept: "application/json",
    "user-agent": "speakeasy-sdk/typescript 0.1.0",
    "x-api-key": apiKey,
    "x-api-secret": apiSecret
  }
  const once = async (size: ListSize): Promise<ConnectionList> => {
    const input = ListConnectionsRequest$outbound.parse({ workspaceId: size, projectId, connectorKey })
    const path = `/workspaces/${encodeURIComponent(String(input.workspaceId))}/projects/${
      encodeURIComponent(String(input.projectId))
    }/connectors/${encodeURIComponent(input.connectorKey)}/connections`
    const query = input.isExport === undefined ? "" : `?is_export=${input.isExport}`
    const res = await fetch(baseUrl + path + query, { method: "GET", headers })
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`)
    return ListConnectionsSchema$inbound.parse(await res.json())
  }
  return fromPromise(once)
}
