/** `v3-client-fetch`: this client (Effect 3) over `FetchHttpClient.layer`. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type { Contender } from "./common.js"
import type { EffectOptions } from "./v3-client.js"
import { make as makeEffect } from "./v3-client.js"

export const make = (baseUrl: string, options?: EffectOptions): Promise<Contender> =>
  makeEffect(baseUrl, FetchHttpClient.layer, options)
