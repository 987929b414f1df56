/** `v3-handwritten-undici`: the hand-written Effect 3 client over `NodeHttpClient.layerUndici` (by subpath). */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Contender } from "./common.js"
import { make as makeHandWritten } from "./v3-handwritten.js"

export const make = (baseUrl: string): Promise<Contender> => makeHandWritten(baseUrl, NodeHttpClient.layerUndici)
