/**
 * Type-level checks of the Effect 4 line (run by `tsc -p test/v4` in `npm test`): each operation's error channel
 * names exactly the classes its status table gives, the input schemas' types are the core input types (one
 * description of the inputs), and the layers have the documented types.
 */
import type { Config, Layer, Option, Schema } from "effect"
import { Effect, Redacted, Schedule } from "effect"
import type { HttpClient } from "effect/http"
import { describe, expectTypeOf, it } from "vitest"
import type * as Inputs from "../../src/core/inputs.js"
import type * as Core from "../../src/core/operations.js"
import type {
  CallError,
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
  RetryPolicy,
  Schemas,
  TableError,
  WithJobId
} from "../../src/v4/index.js"
import { Connections, Jobs, MammothAnalytics } from "../../src/v4/index.js"

type ErrorOf<T> = T extends Effect.Effect<infer _A, infer E, infer _R> ? E : never
type SuccessOf<T> = T extends Effect.Effect<infer A, infer _E, infer _R> ? A : never

const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" }

type Common =
  | MammothAnalyticsDefaultError
  | MammothAnalyticsResponseValidationError
  | MammothAnalyticsInvalidRequestError
  | MammothAnalyticsTransportError
  | MammothAnalyticsTimeoutError

/** What every operation can fail with: the call's failures, a 401 and a 403. */
type Everywhere = Common | MammothAnalyticsUnauthorizedError | MammothAnalyticsForbiddenError

type WithBodies =
  | Everywhere
  | MammothAnalyticsClientError
  | MammothAnalyticsValidationError

describe("types (v4)", () => {
  it("list: the common errors, its 401 and 403; no 400 class (its 400 has no body)", () => {
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["list"]>>>().toEqualTypeOf<Everywhere>()
    expectTypeOf<Connections.ListConnectionsError>().toEqualTypeOf<Everywhere>()
    expectTypeOf<SuccessOf<ReturnType<Connections.Connections["list"]>>>().toEqualTypeOf<Schemas.ConnectionList>()
    // one catchTag handles list's 401, as every other operation's
    const _catch401 = (connections: Connections.Connections) =>
      Effect.catchTag(connections.list(scope), "MammothAnalyticsUnauthorizedError", (e) => {
        expectTypeOf(e.statusCode).toEqualTypeOf<number>()
        return Effect.succeed(null)
      })
    expectTypeOf<ErrorOf<ReturnType<typeof _catch401>>>().toEqualTypeOf<Common | MammothAnalyticsForbiddenError>()
    const _catch400 = (connections: Connections.Connections) =>
      // @ts-expect-error list's 400 has no body in the spec: it has no class of its own, catching one is a compile error
      Effect.catchTag(connections.list(scope), "MammothAnalyticsClientError", () => Effect.void)
    expectTypeOf(_catch400).toBeFunction()
  })

  it("create, get, update and delete: their 400, 401 and 403 classes", () => {
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["create"]>>>().toEqualTypeOf<WithBodies>()
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["get"]>>>().toEqualTypeOf<WithBodies>()
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["update"]>>>().toEqualTypeOf<WithBodies>()
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["delete"]>>>().toEqualTypeOf<WithBodies>()
    expectTypeOf<SuccessOf<ReturnType<Connections.Connections["create"]>>>().toEqualTypeOf<
      Schemas.CreateConnectionResult
    >()
    expectTypeOf<SuccessOf<ReturnType<Connections.Connections["get"]>>>().toEqualTypeOf<unknown>()
    expectTypeOf<SuccessOf<ReturnType<Connections.Connections["delete"]>>>().toEqualTypeOf<void>()
  })

  it("jobs.get: its 401 and 403 classes, no 400 class; await and createAndAwait add the job's failure", () => {
    expectTypeOf<ErrorOf<ReturnType<Jobs.Jobs["get"]>>>().toEqualTypeOf<Everywhere>()
    expectTypeOf<SuccessOf<ReturnType<Jobs.Jobs["get"]>>>().toEqualTypeOf<Schemas.Job>()
    // every failure of an await names its job: each class of the union, with `jobId` present
    type Awaited = (Everywhere | MammothAnalyticsJobFailedError) & { readonly jobId: number }
    expectTypeOf<ErrorOf<ReturnType<Jobs.Jobs["await"]>>>().toEqualTypeOf<Awaited>()
    expectTypeOf<Jobs.AwaitJobError>().toEqualTypeOf<WithJobId<Everywhere | MammothAnalyticsJobFailedError>>()
    // createAndAwait: create's own failures (no job yet), or the await's, each naming the job
    expectTypeOf<ErrorOf<ReturnType<Connections.Connections["createAndAwait"]>>>().toEqualTypeOf<
      WithBodies | Awaited
    >()
    // one catchTag still handles a poll's 401: it has the job's id to resume with; createAndAwait's may not (create's)
    const _resume = (jobs: Jobs.Jobs, connections: Connections.Connections) =>
      Effect.all([
        jobs.await({ workspaceId: 4, jobId: 1 }).pipe(
          Effect.catchTag("MammothAnalyticsUnauthorizedError", (e) => {
            expectTypeOf(e).toEqualTypeOf<MammothAnalyticsUnauthorizedError & { readonly jobId: number }>()
            expectTypeOf(e.jobId).toEqualTypeOf<number>()
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
    expectTypeOf<ErrorOf<ReturnType<typeof _catchAuth>>>().toEqualTypeOf<Common>()
    const _catch400 = (jobs: Jobs.Jobs) =>
      // @ts-expect-error GetJob's 400 has no body in the spec: no class of its own, catching one is a compile error
      Effect.catchTag(jobs.get({ workspaceId: 4, jobId: 1 }), "MammothAnalyticsClientError", () => Effect.void)
    expectTypeOf(_catch400).toBeFunction()
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
          MammothAnalyticsTimeoutError: () => Effect.void
        })
      )
    expectTypeOf<ErrorOf<ReturnType<typeof _awaited>>>().toEqualTypeOf<never>()
  })

  it("an operation's error union follows from its status table", () => {
    expectTypeOf<Connections.OperationError<typeof Core.ListConnections>>().toEqualTypeOf<
      CallError | MammothAnalyticsUnauthorizedError | MammothAnalyticsForbiddenError
    >()
    expectTypeOf<Connections.OperationError<typeof Core.GetJob>>().toEqualTypeOf<
      CallError | MammothAnalyticsUnauthorizedError | MammothAnalyticsForbiddenError
    >()
    expectTypeOf<Connections.OperationError<{ readonly errors: readonly [401] }>>().toEqualTypeOf<
      CallError | MammothAnalyticsUnauthorizedError
    >()
    expectTypeOf<TableError<readonly []>>().toEqualTypeOf<never>()
    expectTypeOf<TableError<readonly [400]>>().toEqualTypeOf<
      MammothAnalyticsClientError | MammothAnalyticsValidationError
    >()
    expectTypeOf<CallError>().toEqualTypeOf<Common>()
  })

  it("handling every tag leaves no error; the transport and timeout classes are the library's own", () => {
    const _handled = (connections: Connections.Connections) =>
      connections.get({ ...scope, connectionKey: "k" }).pipe(
        Effect.catchTags({
          MammothAnalyticsClientError: () => Effect.void,
          MammothAnalyticsValidationError: () => Effect.void,
          MammothAnalyticsUnauthorizedError: (e) => {
            expectTypeOf(e.operation).toEqualTypeOf<Core.OperationId>()
            expectTypeOf(e.status).toEqualTypeOf<number>()
            return Effect.void
          },
          MammothAnalyticsForbiddenError: () => Effect.void,
          MammothAnalyticsDefaultError: () => Effect.void,
          MammothAnalyticsResponseValidationError: () => Effect.void,
          MammothAnalyticsInvalidRequestError: () => Effect.void,
          MammothAnalyticsTransportError: () => Effect.void,
          MammothAnalyticsTimeoutError: (e) => {
            expectTypeOf(e.scope).toEqualTypeOf<"attempt" | "await">()
            return Effect.void
          }
        })
      )
    expectTypeOf<ErrorOf<ReturnType<typeof _handled>>>().toEqualTypeOf<never>()
    const _catchHttpClientError = (connections: Connections.Connections) =>
      // @ts-expect-error no operation fails with effect's HttpClientError
      Effect.catchTag(connections.list(scope), "HttpClientError", () => Effect.void)
    expectTypeOf(_catchHttpClientError).toBeFunction()
    expectTypeOf<RetryPolicy.RetryableFailure>().toEqualTypeOf<
      MammothAnalyticsDefaultError | MammothAnalyticsTransportError | MammothAnalyticsTimeoutError
    >()
  })

  it("the input schemas' types are the core input types", () => {
    expectTypeOf<Schema.Schema.Type<typeof Schemas.ListConnectionsInput>>().toEqualTypeOf<Inputs.ListInput>()
    expectTypeOf<Schema.Schema.Type<typeof Schemas.SaveConnectionInput>>().toEqualTypeOf<Inputs.CreateInput>()
    expectTypeOf<Schema.Schema.Type<typeof Schemas.GetConnectionInput>>().toEqualTypeOf<Inputs.GetInput>()
    expectTypeOf<Schema.Schema.Type<typeof Schemas.UpdateConnectionInput>>().toEqualTypeOf<Inputs.UpdateInput>()
    expectTypeOf<Schema.Schema.Type<typeof Schemas.DeleteConnectionInput>>().toEqualTypeOf<Inputs.DeleteInput>()
    expectTypeOf<Schema.Schema.Type<typeof Schemas.GetJobInput>>().toEqualTypeOf<Inputs.GetJobInput>()
    expectTypeOf<Schemas.GetConnectionInput>().toEqualTypeOf<Inputs.GetInput>()
  })

  it("retry takes a RetryPolicy or a plain Schedule; Completed carries an Option of the connection", () => {
    MammothAnalytics.layer({ apiToken: Redacted.make("mm_x"), retry: Schedule.recurs(3) })
    MammothAnalytics.layer({ apiToken: Redacted.make("mm_x"), retry: Schedule.exponential("10 millis") })
    const _call = (connections: Connections.Connections) => connections.list(scope, { retry: Schedule.recurs(1) })
    expectTypeOf(_call).toBeFunction()
    expectTypeOf<Connections.CreateCompleted["connection"]>().toEqualTypeOf<Option.Option<Schemas.Connection>>()
  })

  it("the layer takes exactly one credential form; call options accept undefined", () => {
    const token = Redacted.make("mm_x")
    MammothAnalytics.layer({ apiToken: token })
    MammothAnalytics.layer({ apiKey: token, apiSecret: token })
    // @ts-expect-error a token and a key cannot both be given
    MammothAnalytics.layer({ apiToken: token, apiKey: token, apiSecret: token })
    // @ts-expect-error a key needs its secret
    MammothAnalytics.layer({ apiKey: token })
    const _call = (connections: Connections.Connections) =>
      connections.list(scope, { retry: undefined, timeout: undefined, headers: undefined })
    expectTypeOf(_call).toBeFunction()
  })

  it("the layers and accessors have the documented types", () => {
    expectTypeOf(MammothAnalytics.layer).returns.toEqualTypeOf<
      Layer.Layer<MammothAnalytics, Config.ConfigError, HttpClient.HttpClient>
    >()
    expectTypeOf(MammothAnalytics.layerConfig).returns.toEqualTypeOf<
      Layer.Layer<MammothAnalytics, Config.ConfigError, HttpClient.HttpClient>
    >()
    expectTypeOf(Connections.list).returns.toEqualTypeOf<
      Effect.Effect<Schemas.ConnectionList, Connections.ListConnectionsError, MammothAnalytics>
    >()
    expectTypeOf(Jobs.await).returns.toEqualTypeOf<Effect.Effect<Schemas.Job, Jobs.AwaitJobError, MammothAnalytics>>()
  })
})
