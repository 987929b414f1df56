/** Contender 3: `openapi-fetch` over types generated from the spec (types only, no validation). */
import createClient from "openapi-fetch"
import type { paths } from "../connections-api.js"
import type { ListSize } from "../fixtures.js"
import { connectorKey, projectId } from "../fixtures.js"
import { apiKey, apiSecret, fromPromise } from "./common.js"
import type { Contender } from "./common.js"

export const make = (baseUrl: string): Contender => {
  const client = createClient<paths>({
    baseUrl,
    headers: { accept: "application/json", "x-api-key": apiKey, "x-api-secret": apiSecret }
  })
  const once = async (size: ListSize): Promise<unknown> => {
    const { data, error, response } = await client.GET(
      "/workspaces/{workspace_id}/projects/{project_id}/connectors/{connector_key}/connections",
      { params: { path: { workspace_id: size, project_id: projectId, connector_key: connectorKey } } }
    )
    if (error !== undefined || data === undefined) throw new Error(`HTTP ${response.status}`)
    return data
  }
  return fromPromise(once)
}
