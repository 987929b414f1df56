/**
 * The spans of the Effect 4 line: one per operation call (`MammothAnalytics.connections.<op>`, `.jobs.get`), one
 * around an await and one around createAndAwait, each with the operation and its scope as attributes, never a
 * credential or a body; and the credential headers redacted from the HTTP client's own span.
 */
import { Effect, Schedule } from "effect"
import * as Tracer from "effect/Tracer"
import { describe, expect, it } from "vitest"
import { MammothAnalytics, RetryPolicy } from "../../src/v4/index.js"
import { apiToken, jobBody, recording, scope } from "./support/fetch.js"

/** A tracer that keeps every span it starts. */
const recordingTracer = () => {
  const spans: Array<Tracer.NativeSpan> = []
  const tracer = Tracer.make({
    span(options) {
      const span = new Tracer.NativeSpan(options)
      spans.push(span)
      return span
    }
  })
  return { spans, tracer }
}

const traced = async (f: (m: MammothAnalytics["Service"]) => Effect.Effect<unknown, unknown>) => {
  const { spans, tracer } = recordingTracer()
  const { layer } = recording(
    (request, n) =>
      request.method === "POST"
        ? { status: 202, json: { job_id: 17 } }
        : request.url.pathname.startsWith("/api/v2/jobs/")
        ? { status: 200, json: jobBody(17, n <= 2 ? "processing" : "success") }
        : { status: 200, json: { connections: [] } },
    { retry: RetryPolicy.none }
  )
  await Effect.runPromise(Effect.exit(Effect.provide(MammothAnalytics.use(f), layer).pipe(Effect.withTracer(tracer))))
  return spans
}

const connectionKey = "kk-1"

describe("spans", () => {
  it.each(
    [
      ["list", "MammothAnalytics.connections.list", "ListConnections"],
      ["get", "MammothAnalytics.connections.get", "GetConnection"],
      ["delete", "MammothAnalytics.connections.delete", "DeleteConnection"],
      ["update", "MammothAnalytics.connections.update", "UpdateConnection"],
      ["create", "MammothAnalytics.connections.create", "SaveConnection"]
    ] as const
  )("%s runs in %s, with the operation and its scope", async (op, name, id) => {
    const spans = await traced((m) => {
      switch (op) {
        case "list":
          return m.connections.list(scope)
        case "get":
          return m.connections.get({ ...scope, connectionKey })
        case "delete":
          return m.connections.delete({ ...scope, connectionKey })
        case "update":
          return m.connections.update({ ...scope, connectionKey, patch: [] })
        case "create":
          return m.connections.create({ ...scope, requestBody: { password: "pw-span-1" } })
      }
    })
    const span = spans.find((s) => s.name === name)
    expect(span).toBeDefined()
    expect(span!.kind).toBe("internal")
    const attributes = Object.fromEntries(span!.attributes)
    expect(attributes).toMatchObject({
      "mammoth.operation": id,
      "mammoth.workspace_id": 4,
      "mammoth.project_id": 7,
      "mammoth.connector_key": "cG9zdGdyZXM="
    })
    if (op !== "list" && op !== "create") expect(attributes["mammoth.connection_key"]).toBe(connectionKey)
    const everything = JSON.stringify(spans.map((s) => [s.name, Object.fromEntries(s.attributes)]))
    expect(everything).not.toContain("pw-span-1")
    expect(everything).not.toContain(apiToken)
  })

  it("the HTTP client's span is a child of the operation's, the authorization header redacted", async () => {
    const spans = await traced((m) => m.connections.list(scope))
    const operation = spans.find((s) => s.name === "MammothAnalytics.connections.list")!
    const http = spans.find((s) => s.name !== operation.name)
    expect(http).toBeDefined()
    expect(http!.parent._tag === "Some" && http!.parent.value.spanId).toBe(operation.spanId)
    expect(JSON.stringify(Object.fromEntries(http!.attributes))).not.toContain(apiToken)
  })

  it("createAndAwait: its span, then create's, the await's, and one jobs.get per poll", async () => {
    const spans = await traced((m) =>
      m.connections.createAndAwait({ ...scope, requestBody: {} }, { schedule: Schedule.spaced("5 millis") })
    )
    const names = spans.map((s) => s.name).filter((n) => n.startsWith("MammothAnalytics."))
    expect(names).toEqual([
      "MammothAnalytics.connections.createAndAwait",
      "MammothAnalytics.connections.create",
      "MammothAnalytics.jobs.await",
      // request 2 finds the job processing, request 3 done
      "MammothAnalytics.jobs.get",
      "MammothAnalytics.jobs.get"
    ])
    const awaited = spans.find((s) => s.name === "MammothAnalytics.jobs.await")!
    expect(Object.fromEntries(awaited.attributes)).toEqual({
      "mammoth.operation": "GetJob",
      "mammoth.workspace_id": 4,
      "mammoth.job_id": 17
    })
    expect(awaited.kind).toBe("internal")
  })
})
