/**
 * Where an operation's request is built, on the Effect 3 line: the Effect-free builder of `core/input.ts`
 * (input rules, percent-encoded path, query and JSON body) with its refusals as
 * `MammothAnalyticsInvalidRequestError`. Everything here happens before anything is sent.
 *
 * @internal
 */
import * as Either from "effect/Either"
import type { Operation } from "../ConnectionsApi.js"
import type { PreparedRequest } from "../core/input.js"
import { makeRequestBuilder as makeCoreBuilder } from "../core/input.js"
import { MammothAnalyticsInvalidRequestError } from "../Errors.js"

export type { PreparedRequest } from "../core/input.js"

/**
 * A compiled request builder for one operation: the prepared request, or the refusal. Compiled once per
 * operation, run once per call.
 */
export const makeRequestBuilder = <I>(operation: Operation<I, any>) => {
  const build = makeCoreBuilder(operation)
  return (input: I): Either.Either<PreparedRequest, MammothAnalyticsInvalidRequestError> => {
    const prepared = build(input)
    return prepared.ok
      ? Either.right(prepared.request)
      : Either.left(new MammothAnalyticsInvalidRequestError({ operation: operation.id, reason: prepared.reason }))
  }
}
