/**
 * `NodeHttpClient.layerUndici` of `@effect/platform-node` 4, resolved from this workspace (the root's
 * `@effect/platform-node` is the Effect 3 one): for test/v4/featured.test.ts, which runs the sanity cases over it
 * on Node >= 22.19 (the runtime that package needs) as the bench's Node 22 pass measures it.
 */
export { layerUndici } from "@effect/platform-node/NodeHttpClient"
