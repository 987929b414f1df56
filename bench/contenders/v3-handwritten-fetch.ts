/** `v3-handwritten-fetch`: the hand-written Effect 3 client over `FetchHttpClient.layer`. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type { Contender } from "./common.js"
import { make as makeHandWritten } from "./v3-handwritten.js"

export const make = (baseUrl: string): Promise<Contender> => makeHandWritten(baseUrl, FetchHttpClient.layer)
