/**
 * The Effect 3 prelude of a partial docs block (```ts v3 partial): what such an excerpt may use without
 * importing or defining it. scripts/check-snippets.ts puts these lines above the block's body (less what the block
 * imports itself) in a consumer project of the packed package; this file is not compiled in the repository, where
 * `mammoth-analytics-effect` does not resolve. Keep it and prelude/v4.ts alike: the same names, each line's types.
 */
import { FetchHttpClient, HttpClient, HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { Config, Duration, Effect, Layer, Option, Redacted, Schedule, Schema } from "effect"
import {
  Connections,
  Jobs,
  MammothAnalytics,
  MammothAnalyticsClientError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsUnauthorizedError,
  RetryPolicy,
  Schemas
} from "mammoth-analytics-effect"
import type { MammothAnalyticsOptions, MammothAnalyticsService } from "mammoth-analytics-effect"
import { MammothFake } from "mammoth-analytics-effect/testing"

/** credentials and settings, as an application holds them */
declare const apiToken: Redacted.Redacted<string>
declare const apiKey: Redacted.Redacted<string>
declare const apiSecret: Redacted.Redacted<string>
declare const serverUrl: string
declare const options: MammothAnalyticsOptions
/** the client's layer, provided; the service, as `yield* MammothAnalytics` gives it */
declare const MammothLive: Layer.Layer<MammothAnalytics>
declare const mammoth: MammothAnalyticsService
/** a program that needs the client */
declare const program: Effect.Effect<void, never, MammothAnalytics>
/** a call's input: the project's connector (`scope`), the whole input of list, a create's body, a connection, a job */
declare const scope: { readonly workspaceId: number; readonly projectId: number; readonly connectorKey: string }
declare const input: Schemas.ListConnectionsInput
declare const requestBody: Schemas.SaveConnectionInput["requestBody"]
declare const connectionKey: string
declare const jobId: number
/** the fake behind MammothFake.layer(), as `yield* MammothFake.Fake` gives it */
declare const fake: MammothFake.FakeService
