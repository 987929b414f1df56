/**
 * What a job's status and create's 202 body mean, the same on both Effect lines.
 *
 * @internal
 */

/**
 * What a poll found: done (`success`), failed for good (`failure`, `error`), or still running (`processing`,
 * or any status the client does not know: a server may add some).
 */
export const jobOutcome = (status: string): "success" | "failed" | "running" =>
  status === "success" ? "success" : status === "failure" || status === "error" ? "failed" : "running"

/** The fields that make a 202 body of create an OAuth exchange. */
export const oauthFields = ["pending_id", "access_token", "picker_api_key"] as const

/**
 * Whether a 202 body names any of the OAuth exchange's fields: such a body is an exchange or nothing, never
 * a job (the spec's `oneOf` overlaps: every exchange also matches the job schema, whose fields are optional).
 */
export const hasOAuthFields = (body: object): boolean =>
  oauthFields.some((field) => Object.prototype.hasOwnProperty.call(body, field))
