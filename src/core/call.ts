/**
 * One call, prepared before anything is sent, the same on both Effect lines: the input checked and written into
 * a request (`input.ts`), the call's own headers, timeout and retry policy checked. Every refusal is a reason for `MammothAnalyticsInvalidRequestError`; nothing here throws.
 *
 * @internal
 */
import { headerProblem, layerHeaderNames } from "./headers.js"
import type { Prepared, PreparedRequest } from "./input.js"
import type { LayerSettings, OptionReaders } from "./settings.js"
import { retryRefused, timeoutRefused } from "./settings.js"

/** A call's own options, each as it may arrive from JavaScript. */
export interface RawCallOptions {
  readonly retry?: unknown
  readonly timeout?: unknown
  readonly headers?: unknown
}

/** What a line sends for one call. */
export interface CallPlan<D, P> {
  readonly method: PreparedRequest["method"]
  /** The server URL and the operation's path and query. */
  readonly url: string
  /** The JSON body, if the operation has one. */
  readonly body: string | undefined
  /**
   * Every header of the request, lower-case names: the layer's (`Accept`, `User-Agent`, the credentials'),
   * `X-WORKSPACE-ID` with a key and secret, and the call's own.
   */
  readonly headers: Readonly<Record<string, string>>
  /** The timeout of each attempt. */
  readonly timeout: D
  /** The retry policy of the call (its own, else the layer's), or `undefined` for the line's standard one. */
  readonly retry: P | undefined
}

/** A call's plan, or why it is refused (nothing may then be sent). */
export type Planned<D, P> =
  | { readonly ok: true; readonly plan: CallPlan<D, P> }
  | { readonly ok: false; readonly reason: string }

const refuse = (reason: string): { readonly ok: false; readonly reason: string } => ({ ok: false, reason })

/**
 * A call's own headers, checked: each a valid name and a value a header can carry, none of those the layer
 * sets (credentials, `X-WORKSPACE-ID`). No reason quotes a value.
 */
export const callHeaders = (
  given: unknown
):
  | { readonly ok: true; readonly headers: Readonly<Record<string, string>> | undefined }
  | { readonly ok: false; readonly reason: string } =>
{
  if (given === undefined) return { ok: true, headers: undefined }
  if (typeof given !== "object" || given === null) return refuse("headers must be an object of header names to values")
  let entries: Array<[string, unknown]>
  try {
    entries = Object.entries(given)
  } catch {
    return refuse("headers could not be read: reading one of them threw")
  }
  for (const [name, value] of entries) {
    const problem = headerProblem(name, value as string)
    if (problem !== undefined) return refuse(problem)
    if (layerHeaderNames.includes(name.toLowerCase())) {
      return refuse(`header ${name} is set from the layer's credentials`)
    }
  }
  return { ok: true, headers: Object.fromEntries(entries) as Record<string, string> }
}

/**
 * Prepares one call: the input (with `build`, the operation's request builder), then the call's headers,
 * timeout and retry policy, in that order.
 */
export const planCall = <I, D, P>(
  settings: LayerSettings<D, P>,
  build: (input: I) => Prepared,
  input: I,
  options: RawCallOptions | undefined,
  readers: OptionReaders<D, P>
): Planned<D, P> => {
  const prepared = build(input)
  if (!prepared.ok) return prepared
  const request = prepared.request
  const own = callHeaders(options?.headers)
  if (!own.ok) return own
  const timeout = options?.timeout === undefined ? settings.timeout : readers.duration(options.timeout)
  if (timeout === undefined) return refuse(timeoutRefused)
  const retry = options?.retry === undefined ? undefined : readers.retryPolicy(options.retry)
  if (options?.retry !== undefined && retry === undefined) return refuse(retryRefused)
  const withWorkspace = settings.sendsWorkspace && request.workspaceId !== undefined
  // the layer's record, shared by every call, unless this call adds to it (then a copy)
  let headers = settings.headers
  if (withWorkspace || own.headers !== undefined) {
    const copy: Record<string, string> = { ...settings.headers }
    if (withWorkspace) copy["x-workspace-id"] = String(request.workspaceId)
    if (own.headers !== undefined) {
      for (const [name, value] of Object.entries(own.headers)) copy[name.toLowerCase()] = value
    }
    headers = copy
  }
  return {
    ok: true,
    plan: {
      method: request.method,
      url: settings.serverUrl + request.path,
      body: request.body,
      headers,
      timeout,
      retry: retry ?? settings.retry
    }
  }
}
