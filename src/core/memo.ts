/**
 * A cache of values made per object and name: what each line's client compiles once per retry policy and
 * operation (its schedule), not per call. The objects are held weakly.
 *
 * @internal
 */

/** `make(key, name)`, made once per `key` object and `name`, then remembered. */
export const memoized = <K extends object, V>(make: (key: K, name: string) => V) => {
  const cache = new WeakMap<K, Map<string, V>>()
  return (key: K, name: string): V => {
    let byName = cache.get(key)
    if (byName === undefined) cache.set(key, byName = new Map())
    let value = byName.get(name)
    if (value === undefined) byName.set(name, value = make(key, name))
    return value
  }
}
