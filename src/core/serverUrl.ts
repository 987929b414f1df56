/**
 * Which server URLs the client accepts, the same on both Effect lines: http or https, no user or password, no
 * query or fragment, and plain http only to loopback unless allowed.
 *
 * @internal
 */

/**
 * Whether a URL's host is this machine: `localhost`, `127.0.0.0/8` or `[::1]`. (Not `*.localhost`: Node hands
 * such names to the system resolver, which may answer with an address elsewhere.)
 */
export const isLoopback = (hostname: string): boolean =>
  hostname === "localhost" || /^127\.[0-9]+\.[0-9]+\.[0-9]+$/.test(hostname) || hostname === "[::1]"

/** Why the server URL cannot be used, or `undefined`. Never quotes it (it may hold credentials). */
export const serverUrlProblem = (url: string, allowInsecureHttp: boolean): string | undefined => {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return "serverUrl is not a valid URL"
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return "serverUrl must be an http or https URL"
  if (parsed.username !== "" || parsed.password !== "") {
    return "serverUrl must not carry a user name or password (they would be sent to the server and show in errors)"
  }
  // `search` and `hash` are "" for a bare trailing `?` or `#`: look at the text, or the operation's path would
  // follow the `?` (sent as a query) or the `#` (never sent)
  if (url.includes("?") || url.includes("#")) return "serverUrl must not have a query or a fragment"
  if (parsed.protocol === "http:" && !isLoopback(parsed.hostname) && !allowInsecureHttp) {
    return "serverUrl is plain http to a host other than loopback: the credentials would cross the network in " +
      "clear (use https, or allowInsecureHttp: true)"
  }
  return undefined
}
