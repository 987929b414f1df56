/**
 * The `MammothAnalytics` service: its tag, and the `make`, `layer` and `layerConfig` that build it over an
 * `HttpClient`.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Effect, Layer, Redacted } from "effect"
 * import { MammothAnalytics } from "mammoth-analytics-effect"
 *
 * const MammothLive = MammothAnalytics.layer({ apiToken: Redacted.make("mm_...") })
 *   .pipe(Layer.provide(FetchHttpClient.layer))
 *
 * const program = Effect.gen(function*() {
 *   const mammoth = yield* MammothAnalytics
 *   return yield* mammoth.connections.list({ workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" })
 * }).pipe(Effect.provide(MammothLive))
 * ```
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { configVariables } from "../core/defaults.js"
import type * as Settings from "../core/options.js"
import type { Connections } from "./Connections.js"
import { makeService } from "./internal/client.js"
import type { Jobs } from "./Jobs.js"
import type { RetryInput } from "./RetryPolicy.js"

/**
 * The API's primary credential: a token (`mm_...`), sent as `Authorization: Bearer <token>`.
 *
 * @since 0.2.0
 * @category models
 */
export interface TokenCredentials extends Settings.TokenCredentials<Redacted.Redacted<string>> {}

/**
 * The deprecated credentials: an API key and secret, sent as `X-API-KEY` and `X-API-SECRET` with
 * `X-WORKSPACE-ID` set to each call's `workspaceId`, as the API requires with them.
 *
 * @since 0.2.0
 * @category models
 */
export interface KeyCredentials extends Settings.KeyCredentials<Redacted.Redacted<string>> {}

/**
 * Exactly one of the two credential forms: a token, or (deprecated) a key and a secret.
 *
 * @since 0.2.0
 * @category models
 */
export type Credentials = TokenCredentials | KeyCredentials

/**
 * Options of the client other than its credentials.
 *
 * @since 0.2.0
 * @category models
 */
export interface ClientOptions
  extends Settings.ClientOptions<Duration.DurationInput, RetryInput, HttpClient.HttpClient>
{}

/**
 * Options of the client: its credentials (a token, or a key and a secret) and the other options.
 *
 * @since 0.1.0
 * @category models
 */
export type MammothAnalyticsOptions = Credentials & ClientOptions

/**
 * The service: the Connections operations (`mammoth.connections`) and the jobs they start (`mammoth.jobs`).
 *
 * @since 0.1.0
 * @category models
 */
export interface MammothAnalyticsService {
  readonly connections: Connections
  /** @since 0.3.0 */
  readonly jobs: Jobs
}

/**
 * Options of `layerConfig`: `Config`s for the credentials and the server URL, each replacing the
 * `MAMMOTHANALYTICS_*` variable it stands for (the token is still tried first), and the other options as plain
 * values.
 *
 * @example
 * ```ts
 * MammothAnalytics.layerConfig({
 *   apiToken: Config.redacted("MAMMOTH_TOKEN"),
 *   serverUrl: Config.string("MAMMOTH_URL"),
 *   timeout: "5 seconds"
 * })
 * ```
 *
 * @since 0.4.0
 * @category models
 */
export interface LayerConfigOptions
  extends
    Omit<ClientOptions, "serverUrl">,
    Settings.ConfigSources<Config.Config<Redacted.Redacted<string>>, Config.Config<string>>
{}

/**
 * The tag of the client, and its constructors.
 *
 * @since 0.1.0
 * @category tags
 */
export class MammothAnalytics extends Context.Tag("mammoth-analytics-effect/MammothAnalytics")<
  MammothAnalytics,
  MammothAnalyticsService
>() {
  /**
   * Builds the service over the `HttpClient` in context. Every option is checked here, once: one that cannot
   * be used (a malformed `serverUrl`, one with a user or password, plain `http` to a host other than loopback
   * without `allowInsecureHttp`, an empty or blank credential or one no header can carry, a timeout that is not a
   * duration, a limit that is not a positive integer, a retry that is not a `RetryPolicy`) fails it with a
   * `ConfigError` that names the setting and quotes no secret.
   *
   * @since 0.1.0
   */
  static readonly make = (
    options: MammothAnalyticsOptions
  ): Effect.Effect<MammothAnalyticsService, ConfigError.ConfigError, HttpClient.HttpClient> => makeService(options)

  /**
   * A layer of the service from options. A setting that cannot be used fails the layer when it is built, with
   * a `ConfigError` (see {@link MammothAnalytics.make}): a program provided with it fails at start.
   *
   * @since 0.1.0
   */
  static readonly layer = (
    options: MammothAnalyticsOptions
  ): Layer.Layer<MammothAnalytics, ConfigError.ConfigError, HttpClient.HttpClient> =>
    Layer.effect(MammothAnalytics, MammothAnalytics.make(options))

  /**
   * A layer of the service from configuration: `MAMMOTHANALYTICS_API_TOKEN` when it is set, else
   * `MAMMOTHANALYTICS_API_KEY` and `MAMMOTHANALYTICS_API_SECRET` (all read as `Redacted`), and the
   * optional `MAMMOTHANALYTICS_SERVER_URL` (an empty variable counts as unset). When neither credential form is
   * configured, the layer fails with a `ConfigError` that names both; a setting that cannot be used fails it as
   * `layer` does. `options` may give `Config`s for the credentials and the server URL instead
   * of those variables ({@link LayerConfigOptions}); other options are given in code.
   *
   * @since 0.1.0
   */
  static readonly layerConfig = (
    options?: LayerConfigOptions
  ): Layer.Layer<MammothAnalytics, ConfigError.ConfigError, HttpClient.HttpClient> => {
    const { apiKey, apiSecret, apiToken, serverUrl, ...client } = options ?? {}
    return Layer.effect(
      MammothAnalytics,
      Effect.flatMap(
        Config.all({
          credentials: credentialsConfig({ apiKey, apiSecret, apiToken }),
          serverUrl: serverUrl === undefined
            ? Config.option(Config.nonEmptyString(configVariables.serverUrl))
            : Config.map(serverUrl, Option.some)
        }),
        ({ credentials, serverUrl }) =>
          MammothAnalytics.make({ ...client, ...credentials, serverUrl: Option.getOrUndefined(serverUrl) })
      )
    )
  }
}

/**
 * A credential variable, read as `Redacted`; empty counts as unset. (`Config.redacted` would also replace the
 * error's own text, "expected to exist", with `<redacted>`.)
 */
const secret = (name: string): Config.Config<Redacted.Redacted<string>> =>
  Config.map(Config.nonEmptyString(name), Redacted.make)

/**
 * The token if it is set, else the key and the secret (an empty variable counts as unset); missing both, the
 * error names them all.
 * Each given `Config` replaces its variable.
 */
const credentialsConfig = (given: {
  readonly apiToken: Config.Config<Redacted.Redacted<string>> | undefined
  readonly apiKey: Config.Config<Redacted.Redacted<string>> | undefined
  readonly apiSecret: Config.Config<Redacted.Redacted<string>> | undefined
}): Config.Config<Credentials> =>
  Config.orElse(
    Config.map(
      // an empty variable counts as unset, as MAMMOTHANALYTICS_SERVER_URL does
      given.apiToken ?? secret(configVariables.apiToken),
      (apiToken): Credentials => ({ apiToken })
    ),
    () =>
      Config.map(
        Config.all({
          apiKey: given.apiKey ?? secret(configVariables.apiKey),
          apiSecret: given.apiSecret ?? secret(configVariables.apiSecret)
        }),
        (keys): Credentials => keys
      )
  )
