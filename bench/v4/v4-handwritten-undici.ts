/**
 * `v4-handwritten-undici`: the hand-written Effect 4 client over `NodeHttpClient.layerUndici` of
 * `@effect/platform-node` 4 (by subpath). Needs Node >= 22.19: its contender runs in the bench's Node 22 pass.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Contender } from "../contenders/common.js"
import { make as makeHandWritten } from "./v4-handwritten.js"

export const make = (baseUrl: string): Promise<Contender> => makeHandWritten(baseUrl, NodeHttpClient.layerUndici)
