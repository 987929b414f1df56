/**
 * Cold start entry of one contender: import it, make one list request of 3 connections against the server
 * URL given as the first argument, check the answer, exit. bench/run.ts times this process from spawn to exit.
 */
import { make } from "../v4/v4-featured-undici.js"

const baseUrl = process.argv[2]
if (baseUrl === undefined) throw new Error("usage: v4-featured-undici.js <server URL>")
const contender = await make(baseUrl)
const result = (await contender.once(3)) as { readonly connections?: ReadonlyArray<unknown> }
await contender.close()
process.exit(result.connections?.length === 3 ? 0 : 2)
