/** `v3-featured-undici`: the feature-equal hand-written Effect 3 client over `NodeHttpClient.layerUndici` (by subpath). */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Contender } from "./common.js"
import type { FeaturedOptions } from "./v3-featured.js"
import { make as makeFeatured } from "./v3-featured.js"

export const make = (baseUrl: string, options?: FeaturedOptions): Promise<Contender> =>
  makeFeatured(baseUrl, NodeHttpClient.layerUndici, options)
