/** `v4-featured-fetch`: the feature-equal hand-written Effect 4 client over effect 4's `FetchHttpClient.layer`. */
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import type { Contender } from "../contenders/common.js"
import type { FeaturedOptions } from "./v4-featured.js"
import { make as makeFeatured } from "./v4-featured.js"

export const make = (baseUrl: string, options?: FeaturedOptions): Promise<Contender> =>
  makeFeatured(baseUrl, FetchHttpClient.layer, options)
