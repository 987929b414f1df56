import { HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, Redacted } from "effect"
import { MammothAnalytics, RetryPolicy } from "../../src/v3/index.js"
import { MammothFake } from "../../src/v3/testing/index.js"

const scope = { workspaceId: 4, projectId: 4, connectorKey: "cG9zdGdyZXM=" } as const
/** What the fake shows of `config`'s secrets. */
const masked = {
  password: "********",
  ssl: { mode: "verify-full", private_key: "********", passphrase: null },
  "<password>": "********",
  apiToken: "********"
}

const config = {
  database: "hubli_journal",
  hostname: "localhost",
  port: 5432,
  username: "appuser",
  password: "pwd",
  ssl: { mode: "verify-full", private_key: "-----BEGIN KEY-----", passphrase: null },
  "<password>": "<pwd>",
  apiToken: 12345
}

/** The default token, as a header. */
const bearer = { authorization: `Bearer ${Redacted.value(MammothFake.token)}` }

/** The key and secret, with the workspace header the live API requires with them. */
const keyHeaders = (workspace = "4") => ({
  "x-api-key": Redacted.value(MammothFake.credentials.apiKey),
  "x-api-secret": Redacted.value(MammothFake.credentials.apiSecret),
  "x-workspace-id": workspace
})

/** A raw request to the fake, with the default token unless `headers` says otherwise. */
const raw = (
  fake: MammothFake.FakeService,
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>
) =>
  Effect.promise(async () => {
    const response = await fake.fetch(`http://mammoth-fake.invalid${path}`, {
      method,
      headers: { "content-type": "application/json", ...(headers ?? bearer) },
      ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) })
    })
    const text = await response.text()
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: text === "" ? undefined : JSON.parse(text)
    }
  })

const base = "/api/v2/workspaces/4/projects/4/connectors/cG9zdGdyZXM%3D/connections"

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

/** The key of the connection the fake stored last: create answers 202 with a job, not the connection. */
const lastStoredKey = Effect.flatMap(MammothFake.Fake, (fake) =>
  Effect.map(fake.connections, (stored) => {
    const last = stored.at(-1)
    if (last === undefined) throw new Error("the fake stored no connection")
    return last.connectionKey
  }))

describe("MammothFake in memory, through the public client", () => {
  it.layer(MammothFake.layer({ client: { retry: RetryPolicy.none } }))((it) => {
    it.effect("create, list, get, update, delete keep state and answer the documented shapes", () =>
      Effect.gen(function*() {
        const mammoth = yield* MammothAnalytics
        const fake = yield* MammothFake.Fake
        yield* fake.clear
        const created = yield* mammoth.connections.create({ ...scope, requestBody: config })
        // the live API's answer: a job that carries the create out (the fake's is finished at once)
        expect(created).toEqual({ _tag: "Job", jobId: 1, statusCode: 202, failureReason: null })
        const key = yield* lastStoredKey
        expect(key).toMatch(/^[a-z0-9]{40}$/)

        const { connections } = yield* mammoth.connections.list(scope)
        expect(connections.map((c) => c.connectionKey)).toEqual([key])
        // another connector of the same project sees none of it
        const other = yield* mammoth.connections.list({ ...scope, connectorKey: "bXlzcWw=" })
        expect(other.connections).toEqual([])

        const got = yield* mammoth.connections.get({
          ...scope,
          connectionKey: key,
          concern: "ds_config_spec",
          browseRoot: "/",
          foldersOnly: true
        })
        expect(got).toEqual({ connection_key: key, connection_config: { ...config, ...masked } })

        const updated = (yield* mammoth.connections.update({
          ...scope,
          connectionKey: key,
          patch: [{ op: "replace", path: "connection", value: { database: "db", password: MammothFake.secretMask } }]
        })) as { connection_config: Record<string, unknown> }
        expect(updated.connection_config.database).toBe("db")
        expect(updated.connection_config.hostname).toBe("localhost")
        // the mask sent back kept the stored password
        const [stored] = yield* fake.connections
        expect(stored?.connectionConfig.password).toBe("pwd")
        expect(stored?.connectionConfig.database).toBe("db")

        yield* mammoth.connections.delete({ ...scope, connectionKey: key })
        expect((yield* mammoth.connections.list(scope)).connections).toEqual([])
        expect(yield* fake.connections).toEqual([])

        const stats = yield* fake.stats
        expect(stats.requests).toEqual({ list: 3, create: 1, get: 1, update: 1, delete: 1, getJob: 0, unmatched: 0 })
        expect(stats.createsApplied).toBe(1)
      }))

    it.effect("never echoes a secret in clear, at any depth, in any answer", () =>
      Effect.gen(function*() {
        const mammoth = yield* MammothAnalytics
        yield* mammoth.connections.create({ ...scope, requestBody: config })
        const key = yield* lastStoredKey
        const answers = [
          yield* mammoth.connections.list(scope),
          yield* mammoth.connections.get({ ...scope, connectionKey: key }),
          yield* mammoth.connections.update({
            ...scope,
            connectionKey: key,
            patch: [{ op: "replace", path: "connection", value: { token: "tkn-new" } }]
          })
        ]
        for (const answer of answers) {
          const text = JSON.stringify(answer)
          for (const secret of ["pwd", "-----BEGIN KEY-----", "12345", "tkn-new"]) expect(text).not.toContain(secret)
          expect(text).toContain("hubli_journal")
        }
        const got = (yield* mammoth.connections.get({ ...scope, connectionKey: key })) as {
          connection_config: Record<string, any>
        }
        expect(got.connection_config).toMatchObject({
          password: MammothFake.secretMask,
          "<password>": MammothFake.secretMask,
          apiToken: MammothFake.secretMask,
          token: MammothFake.secretMask,
          ssl: { mode: "verify-full", private_key: MammothFake.secretMask, passphrase: null }
        })
      }))

    it.effect("an unknown connection is a 400 Client Error with an object extra, for get, update and delete", () =>
      Effect.gen(function*() {
        const mammoth = yield* MammothAnalytics
        const connectionKey = "no-such-connection"
        const failures = [
          yield* Effect.flip(mammoth.connections.get({ ...scope, connectionKey })),
          yield* Effect.flip(
            mammoth.connections.update({
              ...scope,
              connectionKey,
              patch: [{ op: "replace", path: "connection", value: {} }]
            })
          ),
          yield* Effect.flip(mammoth.connections.delete({ ...scope, connectionKey }))
        ]
        for (const failure of failures) {
          expect(failure._tag).toBe("MammothAnalyticsClientError")
          if (failure._tag !== "MammothAnalyticsClientError") continue
          expect(failure.statusCode).toBe(400)
          expect(failure.extra).toMatchObject({ connection_key: connectionKey, workspace_id: 4 })
        }
      }))

    it.effect("a request the spec rules out is a 400 Validation Exception listing {message, key, source}", () =>
      Effect.gen(function*() {
        const mammoth = yield* MammothAnalytics
        // the client refuses id 0 before sending, so the path is rewritten on its way out
        const client = yield* MammothAnalytics.make({
          apiToken: MammothFake.token,
          serverUrl: MammothFake.memoryServerUrl,
          retry: RetryPolicy.none,
          transformClient: HttpClient.mapRequest((request) => ({
            ...request,
            url: request.url.replace("/workspaces/4/", "/workspaces/0/")
          }))
        }).pipe(Effect.provide(MammothFake.layerHttpClient({ fake: yield* MammothFake.Fake })))
        const failure = yield* Effect.flip(client.connections.get({ ...scope, connectionKey: "abc" }))
        expect(failure._tag).toBe("MammothAnalyticsValidationError")
        if (failure._tag !== "MammothAnalyticsValidationError") return
        expect(failure.issues).toEqual([
          { message: "must be an integer >= 1, got 0", key: "workspace_id", source: "path" }
        ])
        // the real client, untouched, never sends it
        const refused = yield* Effect.flip(mammoth.connections.get({ ...scope, workspaceId: 0, connectionKey: "abc" }))
        expect(refused._tag).toBe("MammothAnalyticsInvalidRequestError")
      }))
  })

  it.layer(MammothFake.layer({ client: { apiToken: Redacted.make("mm_wrong"), retry: RetryPolicy.none } }))((it) => {
    it.effect("a wrong token is a 401 {status_code, detail, extra}", () =>
      Effect.gen(function*() {
        const mammoth = yield* MammothAnalytics
        const failure = yield* Effect.flip(mammoth.connections.get({ ...scope, connectionKey: "abc" }))
        expect(failure._tag).toBe("MammothAnalyticsUnauthorizedError")
        if (failure._tag !== "MammothAnalyticsUnauthorizedError") return
        expect(failure.detail).toBe("Invalid bearer token")
        expect((yield* (yield* MammothFake.Fake).stats).createsApplied).toBe(0)
      }))
  })

  it.layer(MammothFake.layer({ client: { apiSecret: Redacted.make("wrong"), retry: RetryPolicy.none } }))((it) => {
    it.effect("wrong credentials are a 401 {status_code, detail, extra}", () =>
      Effect.gen(function*() {
        const mammoth = yield* MammothAnalytics
        const failure = yield* Effect.flip(mammoth.connections.get({ ...scope, connectionKey: "abc" }))
        expect(failure._tag).toBe("MammothAnalyticsUnauthorizedError")
        if (failure._tag !== "MammothAnalyticsUnauthorizedError") return
        expect(failure.statusCode).toBe(401)
        expect(failure.detail).toBe("Invalid API key or secret")
        expect(failure.extra).toEqual({})
        // list's 401 has no body in the spec: still the same class, so one catchTag handles every 401
        const listed = yield* Effect.flip(mammoth.connections.list(scope))
        expect(listed._tag === "MammothAnalyticsUnauthorizedError" && listed.status).toBe(401)
        expect((yield* (yield* MammothFake.Fake).stats).createsApplied).toBe(0)
      }))
  })
})

describe("MammothFake raw answers", () => {
  it.effect("missing credentials -> 401; unknown path -> 404; wrong method -> 405 with Allow", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make()
      const missing = yield* raw(fake, "GET", base, undefined, { ...keyHeaders(), "x-api-secret": "" })
      expect(missing.status).toBe(401)
      expect(missing.json).toEqual({
        status_code: 401,
        detail: "Missing credentials: Authorization: Bearer <token>, or X-API-KEY and X-API-SECRET",
        extra: {}
      })
      const notFound = yield* raw(fake, "GET", "/api/v2/workspaces/4/projects/4/connectors")
      expect(notFound.status).toBe(404)
      expect(notFound.json).toMatchObject({ status_code: 404 })
      expect((yield* raw(fake, "GET", `${base}/a/b`)).status).toBe(404)
      expect((yield* raw(fake, "GET", "/api/v1/anything")).status).toBe(404)
      const put = yield* raw(fake, "PUT", `${base}/abc`, {})
      expect(put.status).toBe(405)
      expect(put.headers.get("allow")).toBe("GET, DELETE, PATCH")
      expect((yield* fake.stats).requests.unmatched).toBe(4)
    }))

  it.effect("validation: ids, key length, concern, is_export and body shapes, all listed at once", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make()
      const longKey = "k".repeat(101)
      const bad = yield* raw(
        fake,
        "GET",
        `/api/v2/workspaces/1.5/projects/-1/connectors/x/connections/${longKey}?concern=data&is_export=yes`
      )
      expect(bad.status).toBe(400)
      expect(bad.json.detail).toMatch(/^Validation failed for GET /)
      expect(bad.json.extra.map((i: any) => `${i.source}:${i.key}`)).toEqual([
        "path:workspace_id",
        "path:project_id",
        "path:connection_key",
        "query:concern",
        "query:is_export"
      ])
      const concern = bad.json.extra.find((i: any) => i.key === "concern")
      expect(concern.message).toBe(`must be "profiles" or "ds_config_spec", got "data"`)

      const noPatch = yield* raw(fake, "PATCH", `${base}/abc`, { changes: [] })
      expect(noPatch.status).toBe(400)
      expect(noPatch.json.extra).toEqual([{ message: "is missing", key: "patch", source: "body" }])
      const badOp = yield* raw(fake, "PATCH", `${base}/abc`, {
        patch: [{ op: "add", path: "connection", value: { password: "s3cret" } }]
      })
      expect(badOp.json.extra).toEqual([{ message: "is not of the expected shape", key: "patch.0.op", source: "body" }])
      const arrayBody = yield* raw(fake, "POST", base, [{ password: "s3cret" }])
      expect(arrayBody.json.extra).toEqual([{ message: "is not of the expected shape", key: "body", source: "body" }])
      expect(arrayBody.text).not.toContain("s3cret")
      const notJson = yield* raw(fake, "POST", base, "{oops")
      expect(notJson.json.extra).toEqual([{ message: "is not valid JSON", key: "body", source: "body" }])
      const empty = yield* raw(fake, "POST", base, "")
      expect(empty.json.extra).toEqual([{ message: "is required", key: "body", source: "body" }])
      expect((yield* fake.stats).createsApplied).toBe(0)
    }))

  it.effect("key and secret need X-WORKSPACE-ID naming the path's workspace; a token needs nothing else", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make()
      expect((yield* raw(fake, "GET", base, undefined, keyHeaders())).status).toBe(200)
      const { "x-workspace-id": _, ...withoutWorkspace } = keyHeaders()
      const none = yield* raw(fake, "GET", base, undefined, withoutWorkspace)
      expect(none.status).toBe(401)
      expect(none.json.detail).toBe("X-WORKSPACE-ID is required with X-API-KEY and X-API-SECRET")
      const other = yield* raw(fake, "GET", base, undefined, keyHeaders("5"))
      expect(other.status).toBe(401)
      expect(other.json.detail).toBe("X-WORKSPACE-ID does not name the workspace of the path")
      expect((yield* raw(fake, "GET", base, undefined, bearer)).status).toBe(200)
      expect((yield* raw(fake, "GET", base, undefined, { authorization: "Bearer mm_other" })).status).toBe(401)
      expect((yield* raw(fake, "GET", base, undefined, { authorization: "Basic abc" })).status).toBe(401)
    }))

  it.effect("workspaces the credentials do not reach answer 403 Authorization Exception, on every operation", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make({ workspaces: [4] })
      const elsewhere = base.replace("/workspaces/4/", "/workspaces/5/")
      const answers = [
        yield* raw(fake, "GET", elsewhere),
        yield* raw(fake, "POST", elsewhere, { database: "db" }),
        yield* raw(fake, "GET", `${elsewhere}/abc`),
        yield* raw(fake, "PATCH", `${elsewhere}/abc`, { patch: [] }),
        yield* raw(fake, "DELETE", `${elsewhere}/abc`),
        yield* raw(fake, "GET", `${elsewhere}/abc`, undefined, keyHeaders("5"))
      ]
      for (const answer of answers) {
        expect(answer.status).toBe(403)
        expect(answer.json).toEqual({ status_code: 403, detail: "Forbidden", extra: { workspace_id: 5 } })
      }
      expect((yield* raw(fake, "GET", base)).status).toBe(200)
      expect((yield* fake.stats).createsApplied).toBe(0)
    }))

  it.effect("a job asked for with key and secret in a workspace the credentials do not reach is a 403, too", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make({ workspaces: [4, 7] })
      expect((yield* raw(fake, "POST", base, { database: "db" })).json.job_id).toBe(1)
      // with key and secret, X-WORKSPACE-ID names the workspace a job's request addresses: known or not, 5 is out
      for (const path of ["/api/v2/jobs/1", "/api/v2/jobs/999"]) {
        const forbidden = yield* raw(fake, "GET", path, undefined, keyHeaders("5"))
        expect([forbidden.status, forbidden.json]).toEqual([
          403,
          { status_code: 403, detail: "Forbidden", extra: { workspace_id: 5 } }
        ])
      }
      // a reachable workspace that is not the job's, or no job at all: not found, as before
      expect((yield* raw(fake, "GET", "/api/v2/jobs/1", undefined, keyHeaders("7"))).status).toBe(400)
      expect((yield* raw(fake, "GET", "/api/v2/jobs/999", undefined, keyHeaders("4"))).status).toBe(400)
      expect((yield* raw(fake, "GET", "/api/v2/jobs/1", undefined, keyHeaders("4"))).json.job.id).toBe(1)
      // a token names no workspace: the job's own is reachable, so it is seen
      expect((yield* raw(fake, "GET", "/api/v2/jobs/1")).status).toBe(200)
    }))

  it.effect("create answers 202 with a finished job: the connection is in list at once", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make()
      const first = yield* raw(fake, "POST", base, { database: "db" })
      const second = yield* raw(fake, "POST", base, { database: "db2" })
      expect(first.status).toBe(202)
      expect(first.json).toEqual({ status_code: 202, job_id: 1, failure_reason: null })
      expect(second.json.job_id).toBe(2)
      const listed = yield* raw(fake, "GET", base)
      expect(listed.json.connections.map((c: any) => c.connection_config.database)).toEqual(["db", "db2"])
    }))

  it.effect("a failed job's response carries an `error` message, where the official Python SDK reads its reason", () =>
    Effect.gen(function*() {
      for (const outcome of ["failure", "error"] as const) {
        const fake = yield* MammothFake.make({ jobs: { outcome } })
        expect((yield* raw(fake, "POST", base, { database: "db", password: "pwd" })).json.job_id).toBe(1)
        const polled = yield* raw(fake, "GET", "/api/v2/jobs/1")
        expect(polled.status).toBe(200)
        expect(polled.json.job.status).toBe(outcome)
        expect(pythonSdkFailure(polled.json.job)).toBe(
          outcome === "failure" ? "the database refused the connection" : "the job crashed"
        )
        // the client reads the same job: its response is kept, and the reason with it
        const job = yield* Effect.flatMap(MammothAnalytics, (m) => m.jobs.get({ workspaceId: 4, jobId: 1 })).pipe(
          Effect.provide(MammothFake.layer({ fake, client: { retry: RetryPolicy.none } }))
        )
        expect(job).toMatchObject({ id: 1, status: outcome, response: { error: pythonSdkFailure(polled.json.job) } })
      }
    }))

  it.effect("createAnswer: \"oauthExchange\" answers 202 with an OAuth exchange and creates nothing", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make({ createAnswer: "oauthExchange" })
      const answer = yield* raw(fake, "POST", base, { database: "db" })
      expect(answer.status).toBe(202)
      expect(answer.json).toEqual({
        pending_id: expect.any(String),
        access_token: expect.any(String),
        picker_api_key: expect.any(String)
      })
      expect((yield* fake.stats).createsApplied).toBe(0)
      expect(yield* fake.connections).toEqual([])
    }))

  it.effect("createAnswer: \"created\" answers 201 with the key and a Location (the reference contract); delete answers 204 with no body", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make({ createAnswer: "created" })
      const created = yield* raw(fake, "POST", `${base}?is_export=true`, { database: "db" })
      expect(created.status).toBe(201)
      expect(created.json).toEqual({
        connection_key: expect.stringMatching(/^[a-z0-9]{40}$/),
        connection_config: { database: "db" }
      })
      expect(created.headers.get("location")).toBe(`${base}/${created.json.connection_key}`)
      const deleted = yield* raw(fake, "DELETE", `${base}/${created.json.connection_key}`)
      expect(deleted.status).toBe(204)
      expect(deleted.text).toBe("")
    }))

  it.effect("keys are drawn from the seed: same seed, same keys; another seed, other keys", () =>
    Effect.gen(function*() {
      const keysOf = (seed: number) =>
        Effect.gen(function*() {
          const fake = yield* MammothFake.make({ seed, createAnswer: "created" })
          const keys: Array<string> = []
          for (let i = 0; i < 3; i++) keys.push((yield* raw(fake, "POST", base, { n: i })).json.connection_key)
          return keys
        })
      const a = yield* keysOf(1)
      expect(yield* keysOf(1)).toEqual(a)
      expect(new Set(a).size).toBe(3)
      expect(yield* keysOf(2)).not.toEqual(a)
    }))

  it.effect("fake.handle answers the same as fetch, and never fails", () =>
    Effect.gen(function*() {
      const fake = yield* MammothFake.make()
      const outcome = yield* fake.handle({ method: "GET", url: "/nowhere", headers: {}, body: "" })
      expect(outcome).toMatchObject({ _tag: "Response", status: 404 })
      const either = yield* Effect.either(fake.handle({ method: "GET", url: base, headers: {}, body: "" }))
      expect(Either.isRight(either) && either.right._tag === "Response" && either.right.status).toBe(401)
    }))
})
