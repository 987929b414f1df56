/**
 * What the client returns, as plain types, the same on both Effect lines: a job as each line's `Schemas.Job`
 * is. Part of both lines' public types; `models.ts` reads it from the wire.
 */

/**
 * The statuses the spec names for a job: `processing` until it ends in `success`, `failure` or `error`. A server
 * may add others; the client reads any string and treats a status it does not know as still running.
 *
 * @inline
 */
export type JobStatus = "success" | "failure" | "processing" | "error" | (string & {})

/**
 * A job as this library returns it: camelCase fields. `response` holds what the job produced (for a create, the
 * connection); `createdAt` and `lastUpdatedAt` are the server's date-time text, as sent.
 */
export interface Job {
  readonly id: number
  readonly status: JobStatus
  readonly response: unknown
  readonly createdAt: string
  readonly lastUpdatedAt: string
  readonly path: string
  readonly operation: string
}
