/**
 * The fake's routing: one route per operation description (`operations.ts`, the same the client is built
 * from), matched against a raw (still percent-encoded) path and a method.
 *
 * @internal
 */
import { pathSegments } from "../input.js"
import type { OperationSpec, Param } from "../operations.js"
import { allOperations } from "../operations.js"

/** The path of the spec's server URL (`https://app.mammoth.io/api/v2`): every route lives under it. */
export const basePath = "/api/v2"

/** One operation as the fake routes it: its description and the regular expression of its path. */
export interface Route {
  readonly operation: OperationSpec<any>
  readonly pattern: RegExp
  /** The path parameters in the order the template names them. */
  readonly pathParams: ReadonlyArray<Param>
  readonly queryParams: ReadonlyArray<Param>
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

const compileRoute = (operation: OperationSpec<any>): Route => {
  const segments = pathSegments(operation)
  const source = segments.map((segment) => typeof segment === "string" ? escapeRegExp(segment) : "([^/]+)").join("")
  return {
    operation,
    pattern: new RegExp(`^${escapeRegExp(basePath)}${source}$`),
    pathParams: segments.filter((segment): segment is Param => typeof segment !== "string"),
    queryParams: operation.params.filter((p) => p.in === "query")
  }
}

/** Every route, built once from the operation descriptions. */
export const routes: ReadonlyArray<Route> = allOperations.map(compileRoute)

/** Where a request goes: a route with the raw text of its path parameters, or why none takes it. */
export type Match =
  | { readonly _tag: "Found"; readonly route: Route; readonly segments: ReadonlyArray<string> }
  | { readonly _tag: "NotFound" }
  | { readonly _tag: "MethodNotAllowed"; readonly allow: ReadonlyArray<string> }

/** Finds the route of a raw (still percent-encoded) path and a method. */
export const matchRoute = (method: string, pathname: string): Match => {
  const allow: Array<string> = []
  for (const route of routes) {
    const found = route.pattern.exec(pathname)
    if (found === null) continue
    if (route.operation.method === method) return { _tag: "Found", route, segments: found.slice(1) }
    allow.push(route.operation.method)
  }
  return allow.length === 0 ? { _tag: "NotFound" } : { _tag: "MethodNotAllowed", allow }
}

/** The workspace, project and connector of a connection. */
export type Scope = readonly [workspaceId: number, projectId: number, connectorKey: string]

/** A path template with the scope's three parameters filled in, percent-encoded, under `basePath`. */
export const scopedPath = (template: string, scope: Scope): string =>
  basePath + template
    .replace("{workspace_id}", String(scope[0]))
    .replace("{project_id}", String(scope[1]))
    .replace("{connector_key}", encodeURIComponent(scope[2]))
