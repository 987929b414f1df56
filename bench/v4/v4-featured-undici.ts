/**
 * `v4-featured-undici`: the feature-equal hand-written Effect 4 client over `NodeHttpClient.layerUndici` of
 * `@effect/platform-node` 4 (by subpath). Needs Node >= 22.19: its contender runs in the bench's Node 22 pass.
 */
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import type { Contender } from "../contenders/common.js"
import type { FeaturedOptions } from "./v4-featured.js"
import { make as makeFeatured } from "./v4-featured.js"

export const make = (baseUrl: string, options?: FeaturedOptions): Promise<Contender> =>
  makeFeatured(baseUrl, NodeHttpClient.layerUndici, options)
