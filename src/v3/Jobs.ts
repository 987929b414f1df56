/**
 * Jobs: the off-line work the live API starts, such as the job create's 202 answer names. `mammoth.jobs.get`
 * looks at a job once; `mammoth.jobs.await` polls it on a `Schedule` until it succeeds, fails or the await
 * times out.
 *
 * @example
 * ```ts
 * import { Effect, Schedule } from "effect"
 * import { MammothAnalytics } from "mammoth-analytics-effect"
 *
 * const program = Effect.gen(function*() {
 *   const mammoth = yield* MammothAnalytics
 *   const job = yield* mammoth.jobs.await({ workspaceId: 4, jobId: 17 }, {
 *     schedule: Schedule.spaced("1 second"), // the first poll is at once, then as the schedule says
 *     timeout: "60 seconds"                  // bounds the whole await
 *   })
 *   // job.status === "success"; job.response holds what the job produced
 * })
 * ```
 *
 * @since 0.3.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import { defaultAwaitTimeoutMillis, defaultPoll } from "../core/defaults.js"
import type { CallOptions, OperationError } from "./Connections.js"
import type * as Api from "./ConnectionsApi.js"
import type { GetJobInput } from "./ConnectionsApi.js"
import type { MammothAnalyticsJobFailedError, WithJobId } from "./Errors.js"
import { MammothAnalytics } from "./MammothAnalytics.js"
import type { Job } from "./Schemas.js"

/**
 * The input of `jobs.get` and `jobs.await` (schema and type), described in `ConnectionsApi`.
 *
 * @since 0.3.0
 * @category inputs
 */
export { GetJobInput } from "./ConnectionsApi.js"

/**
 * The job's type, decoded from `GET /jobs/{job_id}`.
 *
 * @since 0.3.0
 * @category models
 */
export type { Job, JobStatus } from "./Schemas.js"

/**
 * The failures of `jobs.get`: a 401 (`MammothAnalyticsUnauthorizedError`) and a 403
 * (`MammothAnalyticsForbiddenError`), with a body or without one, as on every operation; any other non-2xx
 * (its 400 included: the spec gives it no body) is a `MammothAnalyticsDefaultError`; plus a body that does not
 * match, input refused before sending (`jobId` not an integer >= 0), a transport failure and an attempt
 * timeout.
 *
 * @since 0.3.0
 * @category errors
 */
export type GetJobError = OperationError<typeof Api.GetJob>

/**
 * The failures of `jobs.await`: those of each poll, a job that ended in `failure` or `error`, and a
 * `MammothAnalyticsTimeoutError` (`scope: "await"`, `operation: "GetJob"`) when the job did not succeed within the
 * await's timeout (or before its schedule ended). Every one carries the job's `jobId` (`WithJobId`), whatever
 * its class, so the await can be resumed: `jobs.await({ workspaceId, jobId: error.jobId })`.
 *
 * @since 0.3.0
 * @category errors
 */
export type AwaitJobError = WithJobId<GetJobError | MammothAnalyticsJobFailedError>

/**
 * Options of `jobs.await` (and of `connections.createAndAwait`): the polling schedule and the bound on the
 * whole await; `retry` and `headers` apply to each poll as to any call (each poll's attempts keep the layer's
 * per-attempt timeout).
 *
 * @since 0.3.0
 * @category models
 */
export interface AwaitOptions extends Omit<CallOptions, "timeout"> {
  /**
   * When to poll again after a poll that found the job still running: any `Schedule`, fed the job it found.
   * The first poll is at once. Default {@link defaultPollSchedule}. When the schedule ends, the await fails as
   * it does on its timeout.
   */
  readonly schedule?: Schedule.Schedule<unknown, Job> | undefined
  /** The bound on the whole await, polls and waits included. Default {@link defaultAwaitTimeout}. */
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * The default polling schedule: 250 ms after the first poll, each wait 1.5 times the last, none longer than
 * 5 seconds (250 ms, 375 ms, 563 ms, ... 5 s, 5 s, ...), until the await's timeout.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultPollSchedule: Schedule.Schedule<unknown, unknown> = Schedule.exponential(
  Duration.millis(defaultPoll.firstMillis),
  defaultPoll.factor
).pipe(Schedule.union(Schedule.spaced(Duration.millis(defaultPoll.maxMillis))))

/**
 * The default bound on a whole await: 60 seconds.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultAwaitTimeout: Duration.DurationInput = Duration.millis(defaultAwaitTimeoutMillis)

/**
 * The jobs operations (`mammoth.jobs`).
 *
 * @since 0.3.0
 * @category models
 */
export interface Jobs {
  /** `GetJob`: the job as it is now. */
  readonly get: (input: GetJobInput, options?: CallOptions) => Effect.Effect<Job, GetJobError>
  /**
   * Polls the job until its status is `success` and returns it; fails with `MammothAnalyticsJobFailedError` on
   * `failure` or `error`. A `processing` job, or one whose status the client does not know, is polled again as
   * the schedule says, until the timeout. Interrupting the await stops it: nothing more is sent. Every failure
   * carries the job's `jobId`: resume with `jobs.await({ workspaceId, jobId: error.jobId })`.
   */
  readonly await: (input: GetJobInput, options?: AwaitOptions) => Effect.Effect<Job, AwaitJobError>
}

/**
 * `GetJob` through the `MammothAnalytics` service in context.
 *
 * @since 0.3.0
 * @category accessors
 */
export const get = (input: GetJobInput, options?: CallOptions): Effect.Effect<Job, GetJobError, MammothAnalytics> =>
  Effect.flatMap(MammothAnalytics, (m) => m.jobs.get(input, options))

const awaitJob = (input: GetJobInput, options?: AwaitOptions): Effect.Effect<Job, AwaitJobError, MammothAnalytics> =>
  Effect.flatMap(MammothAnalytics, (m) => m.jobs.await(input, options))

export {
  /**
   * `jobs.await` through the `MammothAnalytics` service in context.
   *
   * @since 0.3.0
   * @category accessors
   */
  awaitJob as await
}
