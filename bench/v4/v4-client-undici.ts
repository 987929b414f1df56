/**
 * `v4-client-undici`: this client (Effect 4) over `NodeHttpClient.layerUndici` of `@effect/platform-node` 4
 * (this workspace's, with its own undici 8), imported by subpath. Needs Node >= 22.19: its contender runs in
 * the bench's Node 22 pass.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Contender } from "../contenders/common.js"
import type { EffectOptions } from "./v4-client.js"
import { make as makeEffect } from "./v4-client.js"

export const make = (baseUrl: string, options?: EffectOptions): Promise<Contender> =>
  makeEffect(baseUrl, NodeHttpClient.layerUndici, options)
