/**
 * Durations from caller input.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"

/**
 * A duration from its input, or `undefined` when it is none (`Duration.decode` throws on text it cannot read,
 * such as `"1e3 millis"`, which the type `DurationInput` still allows, and on values of other types, which
 * JavaScript callers may pass).
 */
export const decodeDuration = (input: unknown): Duration.Duration | undefined =>
  Option.getOrUndefined(Duration.decodeUnknown(input))
