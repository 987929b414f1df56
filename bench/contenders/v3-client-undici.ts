/**
 * `v3-client-undici`: this client (Effect 3) over `NodeHttpClient.layerUndici`, imported by subpath (not the
 * package barrel).
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Contender } from "./common.js"
import type { EffectOptions } from "./v3-client.js"
import { make as makeEffect } from "./v3-client.js"

export const make = (baseUrl: string, options?: EffectOptions): Promise<Contender> =>
  makeEffect(baseUrl, NodeHttpClient.layerUndici, options)
