/** Contender 6: this client over `FetchHttpClient.layer`. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type { Contender } from "./common.js"
import type { EffectOptions } from "./effect.js"
import { make as makeEffect } from "./effect.js"

export const make = (baseUrl: string, options?: EffectOptions): Promise<Contender> =>
  makeEffect(baseUrl, FetchHttpClient.layer, options)
