/**
 * The layer's options, read once when a layer is built, the same on both Effect lines: which headers carry the
 * credentials, the server URL, the per-attempt timeout, the body limit and the retry policy, or the setting that
 * makes the layer fail to build (each line fails it with its own `ConfigError`). Options may come from JavaScript
 * or a configuration file, so every field is read as `unknown`: a value of the wrong type is a refusal, never a
 * thrown exception.
 *
 * Each line supplies what is Effect API: how a `Redacted` is revealed, how a duration is read, what a retry
 * policy of its own looks like.
 *
 * @internal
 */
import { defaultMaxResponseBytes, defaultServerUrl } from "./defaults.js"
import { credentialProblem } from "./headers.js"
import type { KnownSecrets } from "./secrets.js"
import { knownSecrets } from "./secrets.js"
import { serverUrlProblem } from "./serverUrl.js"
import { userAgent } from "./version.js"

/** How one Effect line reads the values of its own types among the options. */
export interface OptionReaders<D, P> {
  /** The string a `Redacted` holds, or `undefined` when `value` is not a `Redacted`. */
  readonly reveal: (value: unknown) => unknown
  /** A timeout from the caller's input: a duration > 0, or `undefined` when it is none (no attempt beats 0). */
  readonly duration: (value: unknown) => D | undefined
  /** A retry policy of this line from a value (a policy, or a `Schedule`: its delays), or `undefined`. */
  readonly retryPolicy: (value: unknown) => P | undefined
}

/** The options the client reads, each as it may arrive from JavaScript. */
export interface RawClientOptions {
  readonly apiToken?: unknown
  readonly apiKey?: unknown
  readonly apiSecret?: unknown
  readonly serverUrl?: unknown
  readonly allowInsecureHttp?: unknown
  readonly retry?: unknown
  readonly timeout?: unknown
  readonly maxResponseBytes?: unknown
  readonly transformClient?: unknown
}

/** The credentials' headers, or why they cannot be sent. */
export type Auth =
  | {
    readonly headers: Readonly<Record<string, string>>
    /** With a key and secret every call also sends `X-WORKSPACE-ID` (its `workspaceId`), as the API requires. */
    readonly sendsWorkspace: boolean
    /** The credential values, which no error may keep (a server may echo them). */
    readonly secrets: ReadonlyArray<string>
    readonly problem?: undefined
  }
  | { readonly problem: string }

/**
 * The headers of the credentials, or why they cannot be sent: a token (`Authorization: Bearer`), or a key and
 * a secret (`X-API-KEY`, `X-API-SECRET`), never both, each a `Redacted` string a header can carry. No problem
 * quotes a credential.
 */
export const authOf = (options: RawClientOptions, reveal: (value: unknown) => unknown): Auth => {
  const { apiKey, apiSecret, apiToken } = options
  if (apiToken !== undefined) {
    if (apiKey !== undefined || apiSecret !== undefined) {
      return { problem: "give either apiToken, or apiKey and apiSecret, not both" }
    }
    const token = reveal(apiToken)
    const problem = typeof token !== "string"
      ? "apiToken must be a Redacted string"
      : credentialProblem("apiToken", token)
    return problem !== undefined
      ? { problem }
      : { headers: { authorization: `Bearer ${token as string}` }, sendsWorkspace: false, secrets: [token as string] }
  }
  if (apiKey === undefined || apiSecret === undefined) {
    return { problem: "no credentials: give apiToken, or apiKey and apiSecret" }
  }
  const key = reveal(apiKey)
  const secret = reveal(apiSecret)
  if (typeof key !== "string") return { problem: "apiKey must be a Redacted string" }
  if (typeof secret !== "string") return { problem: "apiSecret must be a Redacted string" }
  const problem = credentialProblem("apiKey", key) ?? credentialProblem("apiSecret", secret)
  return problem !== undefined
    ? { problem }
    : { headers: { "x-api-key": key, "x-api-secret": secret }, sendsWorkspace: true, secrets: [key, secret] }
}

/** A layer's options as every call uses them. */
export interface LayerSettings<D, P> {
  /** The base URL, without trailing slashes. */
  readonly serverUrl: string
  /** The headers of every request: `Accept`, `User-Agent` and the credentials' (lower-case names). */
  readonly headers: Readonly<Record<string, string>>
  /** Whether each call sends its `workspaceId` as `X-WORKSPACE-ID` (with a key and secret). */
  readonly sendsWorkspace: boolean
  /** The timeout of each attempt (the default when none was given). */
  readonly timeout: D
  /** The largest 2xx body accepted, in bytes. */
  readonly maxResponseBytes: number
  /** The layer's retry policy, or `undefined` for the line's standard one. */
  readonly retry: P | undefined
  /** The credential values, masked in every error that keeps a server's text (`core/answer.ts`). */
  readonly secrets: KnownSecrets
}

/**
 * Why a layer cannot be built: the setting at fault (`serverUrl`, `apiToken`...) and what is wrong with it. The
 * text never quotes a credential or the server URL (which may hold one).
 */
export interface SettingRefusal {
  readonly setting: string
  readonly problem: string
}

/** A layer's settings, or the refusal that fails the layer. */
export type SettingsRead<D, P> =
  | { readonly ok: true; readonly settings: LayerSettings<D, P> }
  | { readonly ok: false; readonly refusal: SettingRefusal }

/** The setting a credential problem is about (its text starts with the option's name, or says none was given). */
const credentialSetting = (problem: string): string =>
  /^(apiToken|apiKey|apiSecret)\b/.exec(problem)?.[1] ?? "credentials"

/**
 * Reads a layer's options, with `defaultTimeout` when they give none: every setting is checked here, once, so a
 * layer that could not send a single call fails when it is built.
 */
export const layerSettings = <D, P>(
  options: RawClientOptions,
  readers: OptionReaders<D, P>,
  defaultTimeout: D
): SettingsRead<D, P> => {
  const refuse = (setting: string, problem: string): SettingsRead<D, P> => ({
    ok: false,
    refusal: { setting, problem }
  })
  const givenUrl = options.serverUrl ?? defaultServerUrl
  if (typeof givenUrl !== "string") return refuse("serverUrl", "serverUrl must be a string")
  const serverUrl = givenUrl.replace(/\/+$/, "")
  const allowInsecureHttp = options.allowInsecureHttp ?? false
  if (typeof allowInsecureHttp !== "boolean") return refuse("allowInsecureHttp", "allowInsecureHttp must be a boolean")
  const urlProblem = serverUrlProblem(serverUrl, allowInsecureHttp)
  if (urlProblem !== undefined) return refuse("serverUrl", urlProblem)
  const auth = authOf(options, readers.reveal)
  if (auth.problem !== undefined) return refuse(credentialSetting(auth.problem), auth.problem)
  const timeout = options.timeout === undefined ? defaultTimeout : readers.duration(options.timeout)
  if (timeout === undefined) return refuse("timeout", timeoutRefused)
  const maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes
  if (typeof maxResponseBytes !== "number" || !Number.isSafeInteger(maxResponseBytes) || maxResponseBytes <= 0) {
    return refuse("maxResponseBytes", "maxResponseBytes must be an integer > 0")
  }
  const retry = options.retry === undefined ? undefined : readers.retryPolicy(options.retry)
  if (options.retry !== undefined && retry === undefined) return refuse("retry", retryRefused)
  const transformClient = options.transformClient
  if (transformClient !== undefined && typeof transformClient !== "function") {
    return refuse("transformClient", "transformClient must be a function")
  }
  return {
    ok: true,
    settings: {
      serverUrl,
      headers: { "accept": "application/json", "user-agent": userAgent, ...auth.headers },
      sendsWorkspace: auth.sendsWorkspace,
      timeout,
      maxResponseBytes,
      retry,
      secrets: knownSecrets(auth.secrets)
    }
  }
}

/** The prefix of the message of a layer's refusal, as its `ConfigError` carries it. */
export const settingRefusalPrefix = "MammothAnalytics layer: "

/** Why a `timeout` option is refused: one that is not a duration, or is 0 (negative and NaN read as 0). */
export const timeoutRefused = "timeout is not a duration > 0"

/** Why a `retry` option is refused. */
export const retryRefused = "retry must be a RetryPolicy or a Schedule"

/** The message of a layer's refusal, as its `ConfigError` carries it: the problem, which names the setting. */
export const settingRefusalMessage = (refusal: SettingRefusal): string => `${settingRefusalPrefix}${refusal.problem}`

/** Whether a value has the tag of a retry policy (each line checks the rest of its own policies). */
export const hasRetryPolicyTag = (value: unknown): boolean =>
  typeof value === "object" && value !== null && (value as { readonly _tag?: unknown })._tag === "RetryPolicy"
