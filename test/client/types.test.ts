/**
 * Type-level checks (run by `tsc --noEmit` in `npm test`): each operation's error channel names exactly the
 * classes it can fail with, so `Effect.catchTags` is checked by the compiler.
 */
import type { HttpClient } from "@effect/platform"
import { describe, expectTypeOf, it } from "@effect/vitest"
import type { ConfigError, Layer, Option } from "effect"
import { Effect } from "effect"
import { Redacted, Schedule } from "effect"
import type {
  CallError,
  Connections,
  MammothAnalyticsClientError,
  MammothAnalyticsDefaultError,
  MammothAnalyticsForbiddenError,
  MammothAnalyticsInvalidRequestError,
  MammothAnalyticsJobFailedError,
  MammothAnalyticsResponseValidationError,
  MammothAnalyticsTimeoutError,
  MammothAnalyticsTransportError,
  MammothAnalyticsUnauthorizedError,
  MammothAnalyticsValidationError,
  OperationId,
  Schemas,
  TableError,
  WithJobId
} from "../../src/v3/index.js"
import type { RetryPolicy } from "../../src/v3/index.js"
import { Jobs, MammothAnalytics } from "../../src/v3/index.js"

type ErrorOf<T> = T extends Effect.Effect<any, infer E, any> ? E : never
type SuccessOf<T> = T extends Effect.Effect<infer A, any, any> ? A : never

/** Type checks only: written as functions that are compiled, never called. */
const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" }

describe("types", () => {
  it("list fails with the common errors, 401 and 403 included: no 400 class (its 400 has no body)", () => {
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["list"]>>>().toEqualTypeOf<
      | MammothAnalyticsUnauthorizedError
      | MammothAnalyticsForbiddenError
      | MammothAnalyticsDefaultError
      | MammothAnalyticsResponseValidationError
      | MammothAnalyticsInvalidRequestError
      | MammothAnalyticsTransportError
      | MammothAnalyticsTimeoutError
    >()
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["list"]>>>().toEqualTypeOf<
      Connections.ListConnectionsError
    >()
    expectTypeOf<SuccessOf<ReturnType<Connections.Connections["list"]>>>().toEqualTypeOf<Schemas.ConnectionList>()
    // one catchTag handles list's 401, as every other operation's
    const _catch401 = (connections: Connections.Connections) =>
      Effect.catchTag(connections.list(scope), "MammothAnalyticsUnauthorizedError", (e) => {
        expectTypeOf(e.statusCode).toEqualTypeOf<number>()
        return Effect.succeed(null)
      })
    expectTypeOf<ErrorOf<ReturnType<typeof _catch401>>>().toEqualTypeOf<
      Exclude<Connections.ListConnectionsError, MammothAnalyticsUnauthorizedError>
    >()
    const _catch400 = (connections: Connections.Connections) =>
      // @ts-expect-error list's 400 has no body in the spec: it has no class of its own, catching one is a compile error
      Effect.catchTag(connections.list(scope), "MammothAnalyticsClientError", () => Effect.void)
    expectTypeOf(_catch400).toBeFunction()
  })

  it("get, create, update and delete add the 400 and 401 classes", () => {
    type Expected =
      | MammothAnalyticsClientError
      | MammothAnalyticsValidationError
      | MammothAnalyticsUnauthorizedError
      | MammothAnalyticsForbiddenError
      | MammothAnalyticsDefaultError
      | MammothAnalyticsResponseValidationError
      | MammothAnalyticsInvalidRequestError
      | MammothAnalyticsTransportError
      | MammothAnalyticsTimeoutError
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["get"]>>>().toEqualTypeOf<Expected>()
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["create"]>>>().toEqualTypeOf<Expected>()
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["update"]>>>().toEqualTypeOf<Expected>()
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["delete"]>>>().toEqualTypeOf<Expected>()
    expectTypeOf<SuccessOf<ReturnType<Connections.Connections["delete"]>>>().toEqualTypeOf<void>()
    expectTypeOf<SuccessOf<ReturnType<Connections.Connections["create"]>>>().toEqualTypeOf<
      Schemas.CreateConnectionResult
    >()
  })

  it("create's result is a union tagged Job, OAuthExchange or Created; its credentials are Redacted", () => {
    type Result = Schemas.CreateConnectionResult
    expectTypeOf<Result["_tag"]>().toEqualTypeOf<"Job" | "OAuthExchange" | "Created">()
    expectTypeOf<Extract<Result, { _tag: "Job" }>["jobId"]>().toEqualTypeOf<number | null>()
    expectTypeOf<Extract<Result, { _tag: "OAuthExchange" }>["accessToken"]>().toEqualTypeOf<
      Redacted.Redacted<string>
    >()
    expectTypeOf<Extract<Result, { _tag: "OAuthExchange" }>["pickerApiKey"]>().toEqualTypeOf<
      Redacted.Redacted<string>
    >()
  })

  it("retry takes a RetryPolicy or a plain Schedule; Completed carries an Option of the connection", () => {
    MammothAnalytics.layer({ apiToken: Redacted.make("mm_x"), retry: Schedule.recurs(3) })
    MammothAnalytics.layer({ apiToken: Redacted.make("mm_x"), retry: Schedule.exponential("10 millis") })
    const _call = (connections: Connections.Connections) => connections.list(scope, { retry: Schedule.recurs(1) })
    expectTypeOf(_call).toBeFunction()
    expectTypeOf<Connections.CreateCompleted["connection"]>().toEqualTypeOf<Option.Option<Schemas.Connection>>()
  })

  it("the layer takes exactly one credential form", () => {
    const token = Redacted.make("mm_x")
    MammothAnalytics.layer({ apiToken: token })
    MammothAnalytics.layer({ apiKey: token, apiSecret: token })
    // @ts-expect-error a token and a key cannot both be given
    MammothAnalytics.layer({ apiToken: token, apiKey: token, apiSecret: token })
    // @ts-expect-error a key needs its secret
    MammothAnalytics.layer({ apiKey: token })
    // @ts-expect-error some credentials are required
    MammothAnalytics.layer({ serverUrl: "https://example.com" })
    // per-call options take undefined under exactOptionalPropertyTypes
    const _call = (connections: Connections.Connections) =>
      connections.list(scope, { retry: undefined, timeout: undefined, headers: undefined })
    expectTypeOf(_call).toBeFunction()
  })

  it("handling every tag leaves no error", () => {
    const _handled = (connections: Connections.Connections) =>
      connections.get({ ...scope, connectionKey: "k" }).pipe(
        Effect.catchTags({
          MammothAnalyticsClientError: () => Effect.void,
          MammothAnalyticsValidationError: () => Effect.void,
          MammothAnalyticsUnauthorizedError: () => Effect.void,
          MammothAnalyticsForbiddenError: () => Effect.void,
          MammothAnalyticsDefaultError: () => Effect.void,
          MammothAnalyticsResponseValidationError: () => Effect.void,
          MammothAnalyticsInvalidRequestError: () => Effect.void,
          MammothAnalyticsTransportError: () => Effect.void,
          MammothAnalyticsTimeoutError: () => Effect.void
        })
      )
    expectTypeOf<ErrorOf<ReturnType<typeof _handled>>>().toEqualTypeOf<never>()
  })

  it("transport failures and timeouts are the library's own classes, not the platform's or effect's", () => {
    const _catchRequestError = (connections: Connections.Connections) =>
      // @ts-expect-error no operation fails with @effect/platform's RequestError any more
      Effect.catchTag(connections.list(scope), "RequestError", () => Effect.void)
    expectTypeOf(_catchRequestError).toBeFunction()
    const _catchTimeoutException = (connections: Connections.Connections) =>
      // @ts-expect-error nor with effect's TimeoutException
      Effect.catchTag(connections.list(scope), "TimeoutException", () => Effect.void)
    expectTypeOf(_catchTimeoutException).toBeFunction()
    const _awaited = (jobs: Jobs.Jobs) =>
      jobs.await({ workspaceId: 4, jobId: 1 }).pipe(
        Effect.catchTags({
          MammothAnalyticsUnauthorizedError: () => Effect.void,
          MammothAnalyticsForbiddenError: () => Effect.void,
          MammothAnalyticsDefaultError: () => Effect.void,
          MammothAnalyticsResponseValidationError: () => Effect.void,
          MammothAnalyticsInvalidRequestError: () => Effect.void,
          MammothAnalyticsJobFailedError: () => Effect.void,
          MammothAnalyticsTransportError: () => Effect.void,
          MammothAnalyticsTimeoutError: (e) => {
            expectTypeOf(e.scope).toEqualTypeOf<"attempt" | "await">()
            expectTypeOf(e.timeoutMillis).toEqualTypeOf<number>()
            return Effect.void
          }
        })
      )
    expectTypeOf<ErrorOf<ReturnType<typeof _awaited>>>().toEqualTypeOf<never>()
    expectTypeOf<RetryPolicy.RetryableFailure>().toEqualTypeOf<
      MammothAnalyticsDefaultError | MammothAnalyticsTransportError | MammothAnalyticsTimeoutError
    >()
    expectTypeOf<MammothAnalyticsTransportError["code"]>().toEqualTypeOf<string | undefined>()
  })

  it("jobs.get fails with 401 and 403 classes (no 400 class); await and createAndAwait add the job's failure", () => {
    type GetJobExpected =
      | MammothAnalyticsUnauthorizedError
      | MammothAnalyticsForbiddenError
      | MammothAnalyticsDefaultError
      | MammothAnalyticsResponseValidationError
      | MammothAnalyticsInvalidRequestError
      | MammothAnalyticsTransportError
      | MammothAnalyticsTimeoutError
    expectTypeOf<ErrorOf<ReturnType<Jobs.Jobs["get"]>>>().toEqualTypeOf<GetJobExpected>()
    expectTypeOf<SuccessOf<ReturnType<Jobs.Jobs["get"]>>>().toEqualTypeOf<Schemas.Job>()
    // every failure of an await names its job: each class of the union, with `jobId` present
    type Awaited = (GetJobExpected | MammothAnalyticsJobFailedError) & { readonly jobId: number }
    expectTypeOf<ErrorOf<ReturnType<Jobs.Jobs["await"]>>>().toEqualTypeOf<Awaited>()
    expectTypeOf<Jobs.AwaitJobError>().toEqualTypeOf<WithJobId<GetJobExpected | MammothAnalyticsJobFailedError>>()
    // createAndAwait: create's own failures (no job yet), or the await's, each naming the job
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["createAndAwait"]>>>().toEqualTypeOf<
      | MammothAnalyticsClientError
      | MammothAnalyticsValidationError
      | MammothAnalyticsUnauthorizedError
      | MammothAnalyticsForbiddenError
      | MammothAnalyticsDefaultError
      | MammothAnalyticsResponseValidationError
      | MammothAnalyticsInvalidRequestError
      | MammothAnalyticsTransportError
      | MammothAnalyticsTimeoutError
      | Awaited
    >()
    // one catchTag still handles a poll's 401: it has the job's id to resume with; createAndAwait's may not (create's)
    const _resume = (jobs: Jobs.Jobs, connections: Connections.Connections) =>
      Effect.all([
        jobs.await({ workspaceId: 4, jobId: 1 }).pipe(
          Effect.catchTag("MammothAnalyticsUnauthorizedError", (e) => {
            expectTypeOf(e).toEqualTypeOf<MammothAnalyticsUnauthorizedError & { readonly jobId: number }>()
            expectTypeOf(e.jobId).toEqualTypeOf<number>()
            expectTypeOf(e.operation).toEqualTypeOf<OperationId>()
            return jobs.await({ workspaceId: 4, jobId: e.jobId })
          })
        ),
        connections.createAndAwait({ ...scope, requestBody: {} }).pipe(
          Effect.catchTag("MammothAnalyticsTimeoutError", (e) => {
            expectTypeOf(e.jobId).toEqualTypeOf<number | undefined>()
            return Effect.void
          })
        )
      ])
    expectTypeOf(_resume).toBeFunction()
    expectTypeOf<SuccessOf<ReturnType<Connections.Connections["createAndAwait"]>>["_tag"]>().toEqualTypeOf<
      "Job" | "OAuthExchange" | "Created" | "Completed"
    >()
    // one catchTag handles a poll's 401 or 403 as any other call's
    const _catchAuth = (jobs: Jobs.Jobs) =>
      jobs.get({ workspaceId: 4, jobId: 1 }).pipe(
        Effect.catchTag("MammothAnalyticsUnauthorizedError", () => Effect.succeed(null)),
        Effect.catchTag("MammothAnalyticsForbiddenError", () => Effect.succeed(null))
      )
    expectTypeOf<ErrorOf<ReturnType<typeof _catchAuth>>>().toEqualTypeOf<CallError>()
    const _catch400 = (jobs: Jobs.Jobs) =>
      // @ts-expect-error GetJob's 400 has no body in the spec: no class of its own, catching one is a compile error
      Effect.catchTag(jobs.get({ workspaceId: 4, jobId: 1 }), "MammothAnalyticsClientError", () => Effect.void)
    expectTypeOf(_catch400).toBeFunction()
    // every operation's union holds both: one catchTag handles every 401 of a pipeline
    const _everywhere = (connections: Connections.Connections, jobs: Jobs.Jobs) =>
      Effect.all([
        connections.list(scope),
        connections.get({ ...scope, connectionKey: "k" }),
        jobs.get({ workspaceId: 4, jobId: 1 }),
        jobs.await({ workspaceId: 4, jobId: 1 })
      ]).pipe(Effect.catchTags({ MammothAnalyticsUnauthorizedError: () => Effect.void }))
    expectTypeOf<Extract<ErrorOf<ReturnType<typeof _everywhere>>, { _tag: "MammothAnalyticsUnauthorizedError" }>>()
      .toEqualTypeOf<never>()
    // the module-level accessors need the service
    expectTypeOf(Jobs.get).returns.toEqualTypeOf<Effect.Effect<Schemas.Job, Jobs.GetJobError, MammothAnalytics>>()
    expectTypeOf(Jobs.await).returns.toEqualTypeOf<Effect.Effect<Schemas.Job, Jobs.AwaitJobError, MammothAnalytics>>()
  })

  it("an operation's error union follows from its status table, by type", () => {
    expectTypeOf<Connections.OperationError<{ readonly errors: readonly [401] }>>().toEqualTypeOf<
      CallError | MammothAnalyticsUnauthorizedError
    >()
    expectTypeOf<Connections.OperationError<{ readonly errors: readonly [] }>>().toEqualTypeOf<CallError>()
    expectTypeOf<TableError<readonly [400, 403]>>().toEqualTypeOf<
      MammothAnalyticsClientError | MammothAnalyticsValidationError | MammothAnalyticsForbiddenError
    >()
  })

  it("the layers have the documented types", () => {
    expectTypeOf(MammothAnalytics.layer).returns.toEqualTypeOf<
      Layer.Layer<MammothAnalytics, ConfigError.ConfigError, HttpClient.HttpClient>
    >()
    expectTypeOf(MammothAnalytics.layerConfig).returns.toEqualTypeOf<
      Layer.Layer<MammothAnalytics, ConfigError.ConfigError, HttpClient.HttpClient>
    >()
  })
})
