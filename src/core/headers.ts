/**
 * Header rules, the same on both Effect lines: which headers carry credentials, which a call may not set, and
 * what no HTTP header can carry.
 *
 * @internal
 */

/** The headers that carry this client's credentials. */
export const secretHeaderNames: ReadonlyArray<string> = ["authorization", "x-api-key", "x-api-secret"]

/**
 * The headers only the layer sets: the credentials, and `X-WORKSPACE-ID`, which goes with the key and secret
 * and is the call's `workspaceId`. A call's own `headers` may not name them.
 */
export const layerHeaderNames: ReadonlyArray<string> = [...secretHeaderNames, "x-workspace-id"]

/**
 * Adds the credential headers to a list of redacted header names (for `Headers.currentRedactedNames`). The
 * last answer is kept: a fiber ref's value is the same array from call to call, so the list is built once
 * (the arrays are read-only, and the answer depends on nothing else).
 */
export const withSecretHeaderNames = (
  names: ReadonlyArray<string | RegExp>
): ReadonlyArray<string | RegExp> => {
  if (names === lastNames) return lastWithSecrets
  const missing = secretHeaderNames.filter((name) => !names.includes(name))
  const result = missing.length === 0 ? names : [...names, ...missing]
  lastNames = names
  lastWithSecrets = result
  return result
}

let lastNames: ReadonlyArray<string | RegExp> | undefined
let lastWithSecrets: ReadonlyArray<string | RegExp> = []

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const forbiddenInValue = /[\r\n\0]/
// outside visible ASCII, tab/space and Latin-1, a fetch or undici refuses the value only once the request is
// under way, as a transport failure (which a policy would even retry)
const uncarriable = /[^\t\x20-\x7e\x80-\xff]/

/**
 * Headers that frame or route the request: the transport writes them from the URL and the body. Set by a
 * caller they could send the request to another virtual host (`Host` under undici) or desynchronise the
 * framing, so a call refuses them.
 */
const transportHeaderNames: ReadonlySet<string> = new Set([
  "host",
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "upgrade",
  "te",
  "trailer",
  "expect"
])

/** Why a header cannot be sent as given, or `undefined` when it can. Never quotes the value. */
export const headerProblem = (name: string, value: string): string | undefined => {
  if (!token.test(name)) return `header name ${JSON.stringify(name.slice(0, 64))} is not a valid HTTP token`
  if (transportHeaderNames.has(name.toLowerCase())) return `header ${name} is written by the transport, not by a call`
  if (typeof value !== "string") return `header ${name} must be a string`
  if (forbiddenInValue.test(value)) return `header ${name} contains CR, LF or NUL`
  if (uncarriable.test(value)) return `header ${name} contains characters an HTTP header cannot carry`
  return undefined
}

/**
 * Why a credential cannot be sent in a header, or `undefined`. Never quotes the value. A blank one (only
 * whitespace: a variable set to spaces, a value padded by a template) is refused as an empty one is: no server
 * accepts it, and a call would fail only later (a 401, or a request the transport refuses).
 */
export const credentialProblem = (label: string, value: string): string | undefined => {
  if (value.length === 0) return `${label} is empty`
  if (value.trim().length === 0) return `${label} is blank`
  if (forbiddenInValue.test(value)) return `${label} contains CR, LF or NUL`
  if (uncarriable.test(value)) return `${label} contains characters an HTTP header cannot carry`
  return undefined
}

/**
 * Response headers as errors keep them, from the platform's redaction of them: a value it replaced (a
 * `Redacted`) reads `<redacted>`, so every value is a plain string.
 */
export const plainRedactedHeaders = (redacted: Readonly<Record<string, unknown>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const name of Object.keys(redacted)) {
    const value = redacted[name]
    out[name] = typeof value === "string" ? value : "<redacted>"
  }
  return out
}
