/**
 * JSON encoding of caller input that refuses what JSON cannot carry, instead of throwing or silently
 * dropping it.
 *
 * @internal
 */

/** The JSON text of `value`, or why it cannot be written as JSON (the reason never shows the value). */
export const stringifyJson = (
  value: unknown
): { readonly ok: true; readonly json: string } | { readonly ok: false; readonly reason: string } => {
  let problem: string | undefined
  let json: string | undefined
  try {
    json = JSON.stringify(value, function(this: unknown, key: string, v: unknown) {
      if (problem !== undefined) return undefined
      switch (typeof v) {
        case "bigint":
          problem = `a BigInt at ${describeKey(key)}`
          return undefined
        case "function":
        case "symbol":
          problem = `a ${typeof v} at ${describeKey(key)}`
          return undefined
        case "number":
          if (!Number.isFinite(v)) problem = `a non-finite number at ${describeKey(key)}`
          return v
        case "undefined":
          // an undefined property is left out, as everywhere in JavaScript; in an array it would become null
          if (Array.isArray(this)) problem = `undefined in an array at ${describeKey(key)}`
          return v
        default:
          return v
      }
    })
  } catch (cause) {
    // JSON.stringify throws on cycles (and on a throwing toJSON); its message may quote keys, not values
    problem = cause instanceof TypeError && /circular/i.test(cause.message)
      ? "a circular reference"
      : "a value whose toJSON threw"
  }
  if (problem !== undefined) return { ok: false, reason: `the body is not JSON: it holds ${problem}` }
  if (json === undefined) return { ok: false, reason: "the body is not JSON" }
  return { ok: true, json }
}

const describeKey = (key: string): string => (key === "" ? "the top level" : `key ${JSON.stringify(key.slice(0, 64))}`)
