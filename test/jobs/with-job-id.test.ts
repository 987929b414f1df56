/**
 * How an await names its job in a failure (`withJobId`, core/jobs.ts), for every error class of both Effect lines:
 * a new instance of the same class, with every field, the `cause`, the stack and the `message` getter of the
 * original, plus `jobId`; the original, which others may hold, is left as it was.
 */
import * as util from "node:util"
import { describe, expect, it } from "vitest"
import { withJobId } from "../../src/core/jobs.js"
import * as V3 from "../../src/v3/Errors.js"
import * as V4 from "../../src/v4/Errors.js"

const headers = { "content-type": "application/json" }
const statusFields = { operation: "GetJob", status: 401, headers, body: "{}" } as const
const bodyFields = {
  ...statusFields,
  statusCode: 401,
  detail: "expired",
  extra: [{ message: "m", key: "k", source: "s" }]
}
const cause = new Error("the platform's own failure")

/** One error of each class, built the way the client builds it. */
const samples = (Errors: typeof V3 | typeof V4): ReadonlyArray<Error & { readonly _tag: string }> => [
  new Errors.MammothAnalyticsClientError(bodyFields),
  new Errors.MammothAnalyticsValidationError(bodyFields),
  new Errors.MammothAnalyticsUnauthorizedError(bodyFields),
  new Errors.MammothAnalyticsForbiddenError({ ...bodyFields, status: 403, statusCode: 403 }),
  new Errors.MammothAnalyticsDefaultError({ ...statusFields, status: 500 }),
  new Errors.MammothAnalyticsResponseValidationError({ ...statusFields, status: 200, reason: "not JSON" }),
  new Errors.MammothAnalyticsInvalidRequestError({ operation: "GetJob", reason: "workspaceId: must be >= 1" }),
  new Errors.MammothAnalyticsTransportError({
    operation: "GetJob",
    method: "GET",
    url: "http://127.0.0.1/api/v2/jobs/7",
    description: "reset",
    code: "ECONNRESET",
    cause
  }),
  new Errors.MammothAnalyticsTimeoutError({
    operation: "GetJob",
    scope: "await",
    timeoutMillis: 100,
    description: "job 7 did not finish within 100ms",
    cause
  })
]

describe.each([["v3", V3], ["v4", V4]] as const)("[%s] withJobId", (_, Errors) => {
  it.each(samples(Errors).map((error) => [error._tag, error] as const))(
    "%s: the same class, fields, cause, stack and message, plus jobId; the original unchanged",
    (_tag, error) => {
      const before = { ...error }
      const named = withJobId(error, 7)
      expect(named).not.toBe(error)
      expect(Object.getPrototypeOf(named)).toBe(Object.getPrototypeOf(error))
      expect(named).toBeInstanceOf(error.constructor)
      expect(named).toBeInstanceOf(Error)
      expect({ ...named }).toEqual({ ...before, jobId: 7 })
      expect(named._tag).toBe(error._tag)
      expect(named.message).toBe(error.message)
      expect(named.stack).toBe(error.stack)
      expect(named.cause).toBe(error.cause)
      if ("issues" in error) expect((named as unknown as typeof error).issues).toEqual(error.issues)
      expect(JSON.parse(JSON.stringify(named))).toEqual({ ...JSON.parse(JSON.stringify(error)), jobId: 7 })
      expect(util.inspect(named)).toContain("jobId: 7")
      // the original, which others may hold, names no job
      expect({ ...error }).toEqual(before)
      expect(error).not.toHaveProperty("jobId")
    }
  )

  it("an error that names its job already (a failed job's) is kept as it is", () => {
    const failed = new Errors.MammothAnalyticsJobFailedError({
      jobId: 7,
      status: "failure",
      response: {},
      jobOperation: "SaveConnection",
      reason: null
    })
    expect(withJobId(failed, 7)).toBe(failed)
  })

  it("no job id (an input outside the types): the error as it is", () => {
    const [error] = samples(Errors)
    expect(withJobId(error, undefined)).toBe(error)
  })
})
