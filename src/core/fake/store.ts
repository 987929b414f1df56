/**
 * The fake's connections, in memory: one store per workspace, project and connector, keys of 40 characters of
 * `[a-z0-9]` (like the spec's example) drawn from the seeded PRNG, update's merge rule, and a connection as
 * the API shows it (secrets masked).
 *
 * @internal
 */
import type { PatchOp } from "../inputs.js"
import { isSecretName, maskSecrets, secretMask } from "../secrets.js"
import type { StoredConnection } from "./model.js"
import type { Prng } from "./prng.js"
import type { Scope } from "./routes.js"

const keyAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

/** A fresh connection key: 40 characters of `[a-z0-9]` drawn from `random`. */
export const drawKey = (random: Prng): string => {
  let key = ""
  for (let i = 0; i < 40; i++) key += keyAlphabet[random.nextInt(keyAlphabet.length)]
  return key
}

/** A connection as the API shows it: `{connection_key, connection_config}`, secrets masked. */
export const wireConnection = (c: StoredConnection) => ({
  connection_key: c.connectionKey,
  connection_config: maskSecrets(c.connectionConfig)
})

/** The composite key of a stored connection. */
const storeKey = (scope: Scope, connectionKey: string): string => JSON.stringify([...scope, connectionKey])

/** Every connection of one fake. */
export interface Store {
  /** The connections of a scope, in creation order. */
  readonly list: (scope: Scope) => ReadonlyArray<StoredConnection>
  readonly get: (scope: Scope, connectionKey: string) => StoredConnection | undefined
  /** Stores a new connection under a fresh key. */
  readonly add: (scope: Scope, config: Readonly<Record<string, unknown>>) => StoredConnection
  /**
   * Applies each `replace` in order by merging its `value` into the stored configuration; a secret field sent
   * back as the mask keeps its stored value. `undefined` when there is no such connection.
   */
  readonly update: (scope: Scope, connectionKey: string, patch: ReadonlyArray<PatchOp>) => StoredConnection | undefined
  /** Whether there was such a connection to delete. */
  readonly remove: (scope: Scope, connectionKey: string) => boolean
  /** Every connection, in creation order. */
  readonly all: () => ReadonlyArray<StoredConnection>
  /** Forgets every connection (the PRNG goes on). */
  readonly clear: () => void
}

/** Merges a patch into a configuration; a masked secret sent back as read keeps the stored secret. */
const merge = (
  stored: Readonly<Record<string, unknown>>,
  patch: ReadonlyArray<PatchOp>
): Readonly<Record<string, unknown>> => {
  let config: Record<string, unknown> = { ...stored }
  for (const op of patch) {
    const next = { ...config }
    for (const [name, value] of Object.entries(op.value)) {
      if (value === secretMask && isSecretName(name) && name in config) continue
      next[name] = value
    }
    config = next
  }
  return config
}

/** An empty store whose keys are drawn from `random`. */
export const makeStore = (random: Prng): Store => {
  const connections = new Map<string, StoredConnection>()
  const inScope = (c: StoredConnection, scope: Scope) =>
    c.workspaceId === scope[0] && c.projectId === scope[1] && c.connectorKey === scope[2]
  return {
    list: (scope) => [...connections.values()].filter((c) => inScope(c, scope)),
    get: (scope, connectionKey) => connections.get(storeKey(scope, connectionKey)),
    add: (scope, config) => {
      let connectionKey = drawKey(random)
      // 36^40 keys: a clash is as good as impossible, but a bounded loop costs nothing
      for (let i = 0; i < 8 && connections.has(storeKey(scope, connectionKey)); i++) connectionKey = drawKey(random)
      const stored: StoredConnection = {
        workspaceId: scope[0],
        projectId: scope[1],
        connectorKey: scope[2],
        connectionKey,
        connectionConfig: config
      }
      connections.set(storeKey(scope, connectionKey), stored)
      return stored
    },
    update: (scope, connectionKey, patch) => {
      const found = connections.get(storeKey(scope, connectionKey))
      if (found === undefined) return undefined
      const updated: StoredConnection = { ...found, connectionConfig: merge(found.connectionConfig, patch) }
      connections.set(storeKey(scope, connectionKey), updated)
      return updated
    },
    remove: (scope, connectionKey) => connections.delete(storeKey(scope, connectionKey)),
    all: () => [...connections.values()],
    clear: () => connections.clear()
  }
}
