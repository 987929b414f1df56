/**
 * The list fast path, the same on both Effect lines: a parsed list body checked by hand against the rules of
 * `ListConnectionsSchema` and renamed to camelCase in one pass. What it refuses goes through each line's
 * `Schema`, which decides and words the error.
 *
 * @internal
 */

/** A connection list as it travels on the wire (the shape `ListConnectionsSchema` accepts). */
export interface WireConnectionList {
  readonly connections: ReadonlyArray<{
    readonly connection_key: string
    readonly connection_config: { readonly [key: string]: unknown }
  }>
}

/** A connection list as this library returns it. */
export interface ConnectionList {
  readonly connections: ReadonlyArray<{
    readonly connectionKey: string
    readonly connectionConfig: { readonly [key: string]: unknown }
  }>
}

const hasOwn = Object.prototype.hasOwnProperty

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/**
 * Whether a parsed body is a list that `ListConnectionsSchema` accepts, checked by hand: the schema's rules
 * (an object with a `connections` array of objects, each with a non-empty string `connection_key` and an
 * object `connection_config`) on plain JSON values. On a 10,000-item list this takes a small fraction of
 * the schema's time, which walks every key of every configuration. Whatever it refuses (or any
 * configuration with a `__proto__` key, which the schema's copy would drop) goes through the schema, which
 * decides and words the error, so the outcome is the schema's in every case.
 */
export const isWireList = (json: unknown): json is WireConnectionList => {
  if (!isPlainObject(json) || !hasOwn.call(json, "connections")) return false
  const connections = json.connections
  if (!Array.isArray(connections)) return false
  for (let i = 0; i < connections.length; i++) {
    const c: unknown = connections[i]
    if (!isPlainObject(c)) return false
    const key = c.connection_key
    if (typeof key !== "string" || key.length < 1 || !hasOwn.call(c, "connection_key")) return false
    const config = c.connection_config
    if (!isPlainObject(config) || !hasOwn.call(c, "connection_config") || hasOwn.call(config, "__proto__")) return false
  }
  return true
}

/**
 * Renames the validated wire list to camelCase. Validating the snake_case shape and renaming once is 2-3x
 * faster than a `Schema.fromKey` transformation, which validates both shapes; a test holds the result equal
 * to decoding with `Schemas.ConnectionList`.
 */
export const toConnectionList = (wire: WireConnectionList): ConnectionList => {
  const source = wire.connections
  const connections = new Array<ConnectionList["connections"][number]>(source.length)
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!
    connections[i] = { connectionKey: c.connection_key, connectionConfig: c.connection_config }
  }
  return { connections }
}
