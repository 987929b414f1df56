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

/** A timeout from the caller's input: a duration > 0 (no attempt beats 0), or `undefined`. */
export const decodeTimeout = (input: unknown): Duration.Duration | undefined => {
  const decoded = decodeDuration(input)
  return decoded === undefined || Duration.isZero(decoded) ? undefined : decoded
}
