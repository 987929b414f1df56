/**
 * The Effect 4 testing entry: the shared engine behind Effect 4's layers, in memory and over HTTP.
 */
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { describe, expect, it } from "vitest"
import { MammothAnalytics, RetryPolicy } from "../../src/v4/index.js"
import { MammothFake } from "../../src/v4/testing/index.js"

const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" }

/**
 * The reason the API's official Python SDK (`mammoth-io`, `mammoth/api/jobs.py` `wait_for_job`) gives for a job
 * that ended in `failure` or `error`: `response.error`, else `response.response.detail` or `.error`, else
 * "Job failed".
 */
const pythonSdkFailure = (job: { readonly response?: any }): string => {
  const response = job.response ?? {}
  let reason = response.error
  if (!reason && typeof response.response === "object" && response.response !== null) {
    reason = response.response.detail || response.response.error
  }
  return reason || "Job failed"
}

describe("MammothFake on Effect 4", () => {
  it("layer(): in memory, a create's job is done at once and the connection is listed, secrets masked", async () => {
    const { connections, stats, stored } = await Effect.gen(function*() {
      const mammoth = yield* MammothAnalytics
      const created = yield* mammoth.connections.create({ ...scope, requestBody: { database: "db", password: "pw-1" } })
      expect(created._tag).toBe("Job")
      const { connections } = yield* mammoth.connections.list(scope)
      const fake = yield* MammothFake.Fake
      return { connections, stats: yield* fake.stats, stored: yield* fake.connections }
    }).pipe(Effect.provide(MammothFake.layer()), Effect.runPromise)
    expect(connections).toHaveLength(1)
    expect(connections[0]!.connectionConfig).toEqual({ database: "db", password: MammothFake.secretMask })
    expect(stored[0]!.connectionConfig).toEqual({ database: "db", password: "pw-1" })
    expect(stats.createsApplied).toBe(1)
    expect(stats.requests.list).toBe(1)
  })

  it("layer({ client: { apiKey } }): the deprecated key and secret, with X-WORKSPACE-ID", async () => {
    const listed = await Effect.flatMap(Effect.service(MammothAnalytics), (m) => m.connections.list(scope)).pipe(
      Effect.provide(MammothFake.layer({ client: { apiKey: MammothFake.credentials.apiKey } })),
      Effect.runPromise
    )
    expect(listed.connections).toEqual([])
  })

  it("a failed job's response carries an `error` message, where the official Python SDK reads its reason", async () => {
    for (const outcome of ["failure", "error"] as const) {
      const failure = await Effect.gen(function*() {
        const mammoth = yield* MammothAnalytics
        return yield* Effect.flip(mammoth.connections.createAndAwait({ ...scope, requestBody: { database: "db" } }))
      }).pipe(
        Effect.provide(MammothFake.layer({ jobs: { outcome }, client: { retry: RetryPolicy.none } })),
        Effect.runPromise
      )
      expect(failure._tag).toBe("MammothAnalyticsJobFailedError")
      if (failure._tag !== "MammothAnalyticsJobFailedError") continue
      expect(failure.status).toBe(outcome)
      expect(pythonSdkFailure({ response: failure.response })).toBe(
        outcome === "failure" ? "the database refused the connection" : "the job crashed"
      )
    }
  })

  it("a job asked for with key and secret in a workspace the credentials do not reach is a 403", async () => {
    const fake = await Effect.runPromise(MammothFake.make({ workspaces: [4] }))
    const keyHeaders = (workspace: string) => ({
      "x-api-key": Redacted.value(MammothFake.credentials.apiKey),
      "x-api-secret": Redacted.value(MammothFake.credentials.apiSecret),
      "x-workspace-id": workspace
    })
    const created = await fake.fetch(
      `${MammothFake.memoryServerUrl}/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections`,
      { method: "POST", headers: keyHeaders("4"), body: JSON.stringify({ database: "db" }) }
    )
    expect(await created.json()).toMatchObject({ job_id: 1 })
    const forbidden = await fake.fetch(`${MammothFake.memoryServerUrl}/jobs/1`, { headers: keyHeaders("5") })
    expect([forbidden.status, await forbidden.json()]).toEqual([
      403,
      { status_code: 403, detail: "Forbidden", extra: { workspace_id: 5 } }
    ])
    const seen = await fake.fetch(`${MammothFake.memoryServerUrl}/jobs/1`, { headers: keyHeaders("4") })
    expect(seen.status).toBe(200)
  })

  it("scripted 400 faults: a Validation Exception and a Client Error reach the client as their own errors", async () => {
    const issue = { message: "is not a known connector", key: "connector_key", source: "path" } as const
    const result = await Effect.gen(function*() {
      const mammoth = yield* MammothAnalytics
      const fake = yield* MammothFake.Fake
      yield* fake.injectFaults([
        MammothFake.validationError([issue]),
        MammothFake.clientError("Connector is disabled", { connector_key: "cG9zdGdyZXM=" }),
        MammothFake.clientError(undefined, null)
      ])
      const created = yield* Effect.flip(mammoth.connections.create({ ...scope, requestBody: { database: "db" } }))
      const got = yield* Effect.flip(mammoth.connections.get({ ...scope, connectionKey: "abc" }))
      const deleted = yield* Effect.flip(mammoth.connections.delete({ ...scope, connectionKey: "abc" }))
      return { created, got, deleted, stats: yield* fake.stats }
    }).pipe(Effect.provide(MammothFake.layer({ client: { retry: RetryPolicy.none } })), Effect.runPromise)
    expect(result.created._tag).toBe("MammothAnalyticsValidationError")
    expect(result.created._tag === "MammothAnalyticsValidationError" && result.created.issues).toEqual([issue])
    expect(result.got._tag === "MammothAnalyticsClientError" && [result.got.detail, result.got.extra]).toEqual([
      "Connector is disabled",
      { connector_key: "cG9zdGdyZXM=" }
    ])
    expect(result.deleted._tag === "MammothAnalyticsClientError" && [result.deleted.detail, result.deleted.extra])
      .toEqual(["Bad Request", null])
    expect(result.stats).toMatchObject({ createsApplied: 0, faultsInjected: 3 })
  })

  it("400 rates: every request drawn answers the fault's 400", async () => {
    const fake = await Effect.runPromise(
      MammothFake.make({ faults: { rates: { validationError: { probability: 1 }, clientError: { probability: 1 } } } })
    )
    const outcome = await Effect.runPromise(
      fake.handle({ method: "GET", url: "/api/v2/jobs/1", headers: {}, body: "" })
    )
    expect(outcome._tag === "Response" && [outcome.status, JSON.parse(outcome.body!)]).toEqual([400, {
      status_code: 400,
      detail: "Validation failed for GET /api/v2/jobs/1",
      extra: [{ message: "was refused by the server (an injected fault)", key: "job_id", source: "path" }]
    }])
  })

  it("serve(): over HTTP on 127.0.0.1; a workspace outside `workspaces` is a 403, a reset a transport error", async () => {
    const result = await Effect.gen(function*() {
      const server = yield* MammothFake.serve({ workspaces: [4] })
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/)
      const live = MammothAnalytics.layer({
        apiToken: MammothFake.token,
        serverUrl: server.url,
        retry: RetryPolicy.none
      })
        .pipe(Layer.provide(FetchHttpClient.layer))
      const forbidden = yield* Effect.flatMap(
        Effect.service(MammothAnalytics),
        (m) => Effect.flip(m.connections.list({ ...scope, workspaceId: 5 }))
      ).pipe(Effect.provide(live))
      yield* server.fake.injectFaults([MammothFake.reset()])
      const reset = yield* Effect.flatMap(
        Effect.service(MammothAnalytics),
        (m) => Effect.flip(m.connections.list(scope))
      )
        .pipe(Effect.provide(live))
      const stats = yield* server.fake.stats
      return { forbidden: forbidden._tag, reset: reset._tag, faults: stats.faultsInjected }
    }).pipe(Effect.scoped, Effect.runPromise)
    expect(result).toEqual({
      forbidden: "MammothAnalyticsForbiddenError",
      reset: "MammothAnalyticsTransportError",
      faults: 1
    })
  })
})
