/** Contender 1: undici's `request()` and `JSON.parse`: the floor, no validation. */
import { Agent, request } from "undici"
import type { ListSize } from "../fixtures.js"
import { connectorKey, projectId } from "../fixtures.js"
import { apiKey, apiSecret, fromPromise } from "./common.js"
import type { Contender } from "./common.js"

export const make = (baseUrl: string): Contender => {
  const dispatcher = new Agent()
  const headers = { accept: "application/json", "x-api-key": apiKey, "x-api-secret": apiSecret }
  const once = async (size: ListSize): Promise<unknown> => {
    const url = `${baseUrl}/workspaces/${size}/projects/${projectId}/connectors/${
      encodeURIComponent(connectorKey)
    }/connections`
    const { statusCode, body } = await request(url, { dispatcher, headers })
    const text = await body.text()
    if (statusCode !== 200) throw new Error(`HTTP ${statusCode}`)
    return JSON.parse(text)
  }
  return fromPromise(once, () => dispatcher.close())
}
