/** `v4-client-fetch`: this client (Effect 4) over effect 4's `FetchHttpClient.layer` (Node's global fetch). */
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type { Contender } from "../contenders/common.js"
import type { EffectOptions } from "./v4-client.js"
import { make as makeEffect } from "./v4-client.js"

export const make = (baseUrl: string, options?: EffectOptions): Promise<Contender> =>
  makeEffect(baseUrl, FetchHttpClient.layer, options)
