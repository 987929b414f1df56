/**
 * Why a failed job failed, read from its response where the API's official Python SDK (`mammoth-io`,
 * `wait_for_job`) reads it: `response.error`, else `response.response.detail` or `.error`; this client also
 * falls back to `failure_reason`, which create's 202 job carries.
 */
import { describe, expect, it } from "vitest"
import { jobFailedMessage } from "../../src/core/errors.js"
import { failedJobFields, jobFailureReason } from "../../src/core/jobs.js"

describe("a failed job's reason", () => {
  it("is read where the Python SDK reads it, in its order", () => {
    expect(jobFailureReason({ error: "e", response: { detail: "d" }, failure_reason: "f" })).toBe("e")
    expect(jobFailureReason({ response: { detail: "d", error: "x" } })).toBe("d")
    expect(jobFailureReason({ response: { error: "x" } })).toBe("x")
    expect(jobFailureReason({ failure_reason: "f" })).toBe("f")
  })

  it("is null when the response says nothing readable", () => {
    for (const response of [null, "text", 3, [], {}, { error: "" }, { error: 7 }, { response: "x" }]) {
      expect(jobFailureReason(response)).toBeNull()
    }
  })

  it("is read after masking, and the message quotes it, cut to 200 characters", () => {
    const fields = failedJobFields({
      id: 9,
      status: "failure",
      operation: "SaveConnection",
      response: { error: "x".repeat(300), connection_config: { password: "pw-41c" } }
    })
    expect(JSON.stringify(fields)).not.toContain("pw-41c")
    expect(jobFailedMessage(fields)).toBe(`job 9 (SaveConnection) ended with status failure: ${"x".repeat(200)}...`)
    expect(jobFailedMessage({ ...fields, reason: null })).toBe("job 9 (SaveConnection) ended with status failure")
  })
})
