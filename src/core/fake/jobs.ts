/**
 * The fake's jobs: create's 202 starts one, which answers `processing` to a set number of polls of
 * `GET /jobs/{job_id}`, then ends as the options say; a successful one stores the connection as it ends, a
 * failed one names its reason in `response.error`.
 *
 * @internal
 */
import type { JobOutcome, StoredConnection } from "./model.js"
import type { Scope } from "./routes.js"
import { wireConnection } from "./store.js"

/**
 * A job of the fake, as `GET /jobs/{job_id}` shows it (`JobSchema`), with the workspace it belongs to, the
 * polls it still answers `processing` to, and the create it carries out.
 */
export interface FakeJob {
  readonly id: number
  readonly workspaceId: number
  readonly status: "success" | "failure" | "processing" | "error"
  readonly response: unknown
  readonly created_at: string
  readonly last_updated_at: string
  readonly path: string
  readonly operation: string
  readonly pollsLeft: number
  readonly pending: { readonly scope: Scope; readonly config: Readonly<Record<string, unknown>> }
}

/** The jobs of one fake. */
export interface JobTable {
  /** Starts the job of a create at `path`; with no polls to answer `processing`, it ends at once. */
  readonly start: (scope: Scope, path: string, config: Readonly<Record<string, unknown>>) => FakeJob
  /** The job of an id, as it is. */
  readonly find: (id: number) => FakeJob | undefined
  /** One poll of a job: a processing one uses up a poll, or ends when it has none left. */
  readonly poll: (job: FakeJob) => FakeJob
}

/** How jobs run, and how a successful one creates its connection. */
export interface JobRules {
  readonly processingPolls: number
  readonly outcome: JobOutcome
  readonly create: (scope: Scope, config: Readonly<Record<string, unknown>>) => StoredConnection
}

/** A job as `GET /jobs/{job_id}` answers it. */
export const wireJob = (job: FakeJob) => ({
  job: {
    id: job.id,
    status: job.status,
    response: job.response,
    created_at: job.created_at,
    last_updated_at: job.last_updated_at,
    path: job.path,
    operation: job.operation
  }
})

/**
 * The `response` of a job that ended in `failure` or `error`: its reason as `error`, where the API's official
 * Python SDK reads it (`response.error`, else `response.response.detail|error`, else it says only "Job
 * failed"). A failure keeps `failure_reason` too, the name create's 202 body gives a reason, as the fake
 * answered before.
 */
const failedResponse = (outcome: "failure" | "error") =>
  outcome === "failure"
    ? { error: "the database refused the connection", failure_reason: "the database refused the connection" }
    : { error: "the job crashed" }

/** An empty job table; ids count from 1. */
export const makeJobTable = (rules: JobRules): JobTable => {
  const jobs = new Map<number, FakeJob>()
  const save = (job: FakeJob): FakeJob => {
    jobs.set(job.id, job)
    return job
  }
  /** Ends a job as the rules say: success stores the connection and names it in the job's response. */
  const settle = (job: FakeJob): FakeJob => {
    const now = new Date().toISOString()
    if (rules.outcome === "success") {
      const stored = rules.create(job.pending.scope, job.pending.config)
      return save({ ...job, status: "success", response: wireConnection(stored), last_updated_at: now })
    }
    return save({ ...job, status: rules.outcome, response: failedResponse(rules.outcome), last_updated_at: now })
  }
  return {
    start: (scope, path, config) => {
      const now = new Date().toISOString()
      const job = save({
        id: jobs.size + 1,
        workspaceId: scope[0],
        status: "processing",
        response: {},
        created_at: now,
        last_updated_at: now,
        path,
        operation: "SaveConnection",
        pollsLeft: rules.processingPolls,
        pending: { scope, config }
      })
      return rules.processingPolls === 0 ? settle(job) : job
    },
    find: (id) => jobs.get(id),
    poll: (job) => {
      if (job.status !== "processing") return job
      return job.pollsLeft > 0 ? save({ ...job, pollsLeft: job.pollsLeft - 1 }) : settle(job)
    }
  }
}
