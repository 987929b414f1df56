/** Contender 5: this client over `NodeHttpClient.layerUndici` (imported by subpath, not the barrel). */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Contender } from "./common.js"
import type { EffectOptions } from "./effect.js"
import { make as makeEffect } from "./effect.js"

export const make = (baseUrl: string, options?: EffectOptions): Promise<Contender> =>
  makeEffect(baseUrl, NodeHttpClient.layerUndici, options)
