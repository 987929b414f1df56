/** Contender 2: the global `fetch` and `res.json()`, no validation. */
import type { ListSize } from "../fixtures.js"
import { connectorKey, projectId } from "../fixtures.js"
import { apiKey, apiSecret, fromPromise } from "./common.js"
import type { Contender } from "./common.js"

export const make = (baseUrl: string): Contender => {
  const headers = { accept: "application/json", "x-api-key": apiKey, "x-api-secret": apiSecret }
  const once = async (size: ListSize): Promise<unknown> => {
    const url = `${baseUrl}/workspaces/${size}/projects/${projectId}/connectors/${
      encodeURIComponent(connectorKey)
    }/connections`
    const res = await fetch(url, { headers })
    if (!res.ok) throw new Error(`HTTP ${res.status}`)
    return res.json()
  }
  return fromPromise(once)
}
