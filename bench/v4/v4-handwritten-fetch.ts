/** `v4-handwritten-fetch`: the hand-written Effect 4 client over effect 4's `FetchHttpClient.layer`. */
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type { Contender } from "../contenders/common.js"
import { make as makeHandWritten } from "./v4-handwritten.js"

export const make = (baseUrl: string): Promise<Contender> => makeHandWritten(baseUrl, FetchHttpClient.layer)
