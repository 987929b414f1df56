/**
 * Where a job is awaited: polls of `GetJob` repeated on a `Schedule` while the job runs (stock `Effect.repeat`, as
 * on the Effect 4 line), bounded by a timeout, and `createAndAwait`, which awaits the job a create's 202 names.
 * Each poll is an ordinary call (its own span, retries and attempt timeout), so this module only decides when to
 * poll again and when to stop, and names the job in every failure of the await. The rules (what a status means,
 * what the errors keep and say, what createAndAwait awaits) are in `core/jobs.ts`, for both Effect lines.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import { defaultAwaitTimeoutMillis } from "../../core/defaults.js"
import {
  awaitedJobId,
  awaitTimedOut,
  awaitTimeoutCause,
  awaitTimeoutOf,
  failedJobFields,
  jobOutcome,
  jobToAwait,
  pollOptions,
  scheduleEnded,
  withJobId
} from "../../core/jobs.js"
import { awaitSpanName, createAndAwaitSpanName, spanAttributes } from "../../core/spans.js"
import type * as Connections from "../Connections.js"
import type { GetJobInput } from "../ConnectionsApi.js"
import {
  MammothAnalyticsInvalidRequestError,
  MammothAnalyticsJobFailedError,
  MammothAnalyticsTimeoutError
} from "../Errors.js"
import * as Jobs from "../Jobs.js"
import type { Job } from "../Schemas.js"
import { decodeDuration } from "./duration.js"

const defaultAwaitTimeout = Duration.millis(defaultAwaitTimeoutMillis)

/** The await's timeout, or the refusal of one that is not a duration (checked before anything is sent). */
const awaitTimeout = (
  options: Jobs.AwaitOptions | undefined,
  operation: "GetJob" | "SaveConnection"
): Effect.Effect<Duration.Duration, MammothAnalyticsInvalidRequestError> => {
  const timeout = awaitTimeoutOf(options, decodeDuration, defaultAwaitTimeout)
  return timeout === undefined
    ? Effect.fail(new MammothAnalyticsInvalidRequestError({ operation, reason: "timeout is not a duration" }))
    : Effect.succeed(timeout)
}

/** Builds `jobs.await` over `jobs.get`. */
export const makeAwait = (get: Jobs.Jobs["get"]): Jobs.Jobs["await"] => (input, options) =>
  Effect.suspend(() => {
    const jobId = awaitedJobId(input)
    return Effect.flatMap(
      Effect.mapError(awaitTimeout(options, "GetJob"), (error) => withJobId(error, jobId)),
      (timeout) => awaitJob(get, input, options, timeout, jobId)
    )
  })

const awaitJob = (
  get: Jobs.Jobs["get"],
  input: GetJobInput,
  options: Jobs.AwaitOptions | undefined,
  timeout: Duration.Duration,
  jobId: number | undefined
): Effect.Effect<Job, Jobs.AwaitJobError> => {
  const schedule: Schedule.Schedule<unknown, Job> = options?.schedule ?? Jobs.defaultPollSchedule
  const gaveUp = (description: string, cause?: Cause.TimeoutException) =>
    new MammothAnalyticsTimeoutError({
      operation: "GetJob",
      scope: "await",
      timeoutMillis: Duration.toMillis(timeout),
      description,
      ...(cause === undefined ? {} : { cause })
    })
  return get(input, pollOptions(options)).pipe(
    // polled again, as the schedule says (fed each job found), while the job runs; the last job found when it
    // stops, or when the schedule ends, decides (`passthrough`: the repeat ends with that job, not the schedule's
    // own output)
    Effect.repeat({
      schedule: Schedule.passthrough(schedule),
      while: (job) => jobOutcome(job.status) === "running"
    }),
    Effect.flatMap((job): Effect.Effect<Job, MammothAnalyticsJobFailedError | MammothAnalyticsTimeoutError> => {
      switch (jobOutcome(job.status)) {
        case "success":
          return Effect.succeed(job)
        case "failed":
          return Effect.fail(new MammothAnalyticsJobFailedError(failedJobFields(job)))
        case "running":
          return Effect.fail(gaveUp(scheduleEnded(jobId)))
      }
    }),
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () =>
        gaveUp(
          awaitTimedOut(jobId, Duration.format(timeout)),
          new Cause.TimeoutException(awaitTimeoutCause(jobId))
        )
    }),
    // every failure of the await names its job, whatever its class: the caller can resume it
    Effect.mapError((error) => withJobId(error, jobId)),
    Effect.withSpan(awaitSpanName, {
      kind: "internal",
      attributes: spanAttributes("GetJob", input),
      captureStackTrace: false
    })
  )
}

/** Builds `connections.createAndAwait` over `connections.create` and `jobs.await`. */
export const makeCreateAndAwait = (
  create: Connections.Connections["create"],
  awaitJob: Jobs.Jobs["await"]
): Connections.Connections["createAndAwait"] =>
(input, options) =>
  Effect.flatMap(
    // a timeout the await could not use is refused before the create is sent
    Effect.zipRight(Effect.suspend(() => awaitTimeout(options, "SaveConnection")), create(input, pollOptions(options))),
    (created): Effect.Effect<Connections.CreateAndAwaitResult, Connections.CreateAndAwaitError> => {
      const next = jobToAwait(created, input)
      switch (next.kind) {
        case "done":
          return Effect.succeed(created)
        case "refused":
          return Effect.fail(
            new MammothAnalyticsInvalidRequestError({ operation: "GetJob", reason: next.reason, jobId: next.jobId })
          )
        case "await":
          return Effect.map(
            awaitJob(next.input, options),
            (job): Connections.CreateCompleted => ({ _tag: "Completed", job })
          )
      }
    }
  ).pipe(
    Effect.withSpan(createAndAwaitSpanName, {
      kind: "internal",
      attributes: spanAttributes("SaveConnection", input),
      captureStackTrace: false
    })
  )
