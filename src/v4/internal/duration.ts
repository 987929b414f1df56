/**
 * Durations from caller input, on effect 4.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"

/**
 * A duration from its input, or `undefined` when it is none (text effect cannot read, such as `"1e3 millis"`,
 * which the type `Duration.Input` still allows, or a value of another type from JavaScript). A negative duration
 * is zero, as on the Effect 3 entry (effect 3 keeps no negative durations).
 */
export const decodeDuration = (input: unknown): Duration.Duration | undefined => {
  const decoded = Option.getOrUndefined(Duration.fromInput(input as Duration.Input))
  return decoded === undefined ? undefined : Duration.max(decoded, Duration.zero)
}

/** A timeout from the caller's input: a duration > 0 (no attempt beats 0), or `undefined`. */
export const decodeTimeout = (input: unknown): Duration.Duration | undefined => {
  const decoded = decodeDuration(input)
  return decoded === undefined || Duration.isZero(decoded) ? undefined : decoded
}
