/**
 * Jobs: the off-line work the live API starts, such as the job create's 202 names. `mammoth.jobs.get` looks at a
 * job once; `mammoth.jobs.await` polls it on a `Schedule` until it succeeds, fails or the await times out.
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
 * @category modules
 * @module
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Schedule from "effect/Schedule"
import type * as Operations from "../core/operations.js"
import type { CallOptions, OperationError } from "./Connections.js"
import type { MammothAnalyticsJobFailedError, WithJobId } from "./Errors.js"
import * as internal from "./internal/jobs.js"
import { MammothAnalytics } from "./MammothAnalytics.js"
import type { GetJobInput, Job } from "./Schemas.js"

/**
 * The failures of `jobs.get`: those of every call, 401 and 403 (its 400 has no body in the spec: a
 * `MammothAnalyticsDefaultError`).
 *
 * @since 0.3.0
 * @category errors
 * @useDeclaredType
 */
export type GetJobError = OperationError<typeof Operations.GetJob>

/**
 * The failures of `jobs.await`: those of each poll, a job that ended in `failure` or `error`, and the await's
 * timeout (`scope: "await"`); each carries the job's `jobId`.
 *
 * @since 0.3.0
 * @category errors
 */
export type AwaitJobError = WithJobId<GetJobError | MammothAnalyticsJobFailedError>

/**
 * Options of `jobs.await` and `connections.createAndAwait`: the polling schedule and the bound on the whole await;
 * `retry` and `headers` apply to each call.
 *
 * @since 0.3.0
 * @category models
 */
export interface AwaitOptions extends Omit<CallOptions, "timeout"> {
  /**
   * When to poll again after a poll that found the job running, fed the job; the first poll is at once. Default
   * {@link defaultPollSchedule}. When it ends, the await fails as on its timeout.
   */
  readonly schedule?: Schedule.Schedule<unknown, Job> | undefined
  /** The bound on the whole await, polls and waits included. Default {@link defaultAwaitTimeout}. */
  readonly timeout?: Duration.DurationInput | undefined
}

/**
 * The default polling schedule: 250 ms, each wait 1.5 times the last, none longer than 5 seconds.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultPollSchedule: Schedule.Schedule<unknown> = internal.defaultPollSchedule

/**
 * The default bound on a whole await: 60 seconds.
 *
 * @since 0.3.0
 * @category constants
 */
export const defaultAwaitTimeout: Duration.Duration = internal.defaultAwaitTimeout

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
   * Polls the job until it succeeds; fails with `MammothAnalyticsJobFailedError` on `failure` or `error`.
   * Interrupting it stops it. Every failure carries the job's `jobId`: resume with `jobs.await`.
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
