/** `v3-featured-fetch`: the feature-equal hand-written Effect 3 client over `FetchHttpClient.layer`. */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type { Contender } from "./common.js"
import type { FeaturedOptions } from "./v3-featured.js"
import { make as makeFeatured } from "./v3-featured.js"

export const make = (baseUrl: string, options?: FeaturedOptions): Promise<Contender> =>
  makeFeatured(baseUrl, FetchHttpClient.layer, options)
