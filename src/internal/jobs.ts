/**
 * Where a job is awaited: polls of `GetJob` on a `Schedule`, bounded by a timeout, and `createAndAwait`, which
 * awaits the job a create's 202 names. Each poll is an ordinary call (its own span, retries and attempt
 * timeout), so this module only decides when to poll again and when to stop.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import type * as Connections from "../Connections.js"
import type { GetJobInput } from "../ConnectionsApi.js"
import { jobOutcome } from "../core/jobs.js"
import { maskSecrets } from "../core/secrets.js"
import {
  MammothAnalyticsInvalidRequestError,
  MammothAnalyticsJobFailedError,
  MammothAnalyticsTimeoutError
} from "../Errors.js"
import * as Jobs from "../Jobs.js"
import type { Job } from "../Schemas.js"
import { decodeDuration } from "./duration.js"
import { readField, spanAttributes } from "./spans.js"

/** The per-call options of each poll: the await's, less its schedule and timeout. */
const pollOptions = (options: Jobs.AwaitOptions | undefined): Connections.CallOptions | undefined => {
  if (options === undefined || options === null) return undefined
  const { schedule: _, timeout: __, ...call } = options
  return call
}

/** The await's timeout, or the refusal of one that is not a duration (checked before anything is sent). */
const awaitTimeout = (
  options: Jobs.AwaitOptions | undefined,
  operation: "GetJob" | "SaveConnection"
): Effect.Effect<Duration.Duration, MammothAnalyticsInvalidRequestError> => {
  const timeout = decodeDuration(options?.timeout ?? Jobs.defaultAwaitTimeout)
  return timeout === undefined
    ? Effect.fail(new MammothAnalyticsInvalidRequestError({ operation, reason: "timeout is not a duration" }))
    : Effect.succeed(timeout)
}

/** Builds `jobs.await` over `jobs.get`. */
export const makeAwait = (get: Jobs.Jobs["get"]): Jobs.Jobs["await"] => (input, options) =>
  Effect.flatMap(
    Effect.suspend(() => awaitTimeout(options, "GetJob")),
    (timeout) => awaitJob(get, input, options, timeout)
  )

const awaitJob = (
  get: Jobs.Jobs["get"],
  input: GetJobInput,
  options: Jobs.AwaitOptions | undefined,
  timeout: Duration.Duration
): Effect.Effect<Job, Jobs.AwaitJobError> => {
  const schedule: Schedule.Schedule<unknown, Job> = options?.schedule ?? Jobs.defaultPollSchedule
  const poll = get(input, pollOptions(options))
  const jobId = readField(input, "jobId")
  const gaveUp = (why: string, cause?: Cause.TimeoutException) =>
    new MammothAnalyticsTimeoutError({
      operation: "GetJob",
      scope: "await",
      timeoutMillis: Duration.toMillis(timeout),
      description: `job ${String(jobId)} ${why}`,
      ...(cause === undefined ? {} : { cause })
    })
  const untilDone = (driver: Schedule.ScheduleDriver<unknown, Job>): Effect.Effect<Job, Jobs.AwaitJobError> =>
    Effect.flatMap(poll, (job) => {
      switch (jobOutcome(job.status)) {
        case "success":
          return Effect.succeed(job)
        case "failed":
          return Effect.fail(
            new MammothAnalyticsJobFailedError({
              jobId: job.id,
              status: job.status as "failure" | "error",
              // a job's response may echo a connection's configuration: its secret fields do not travel in errors
              response: maskSecrets(job.response),
              jobOperation: job.operation
            })
          )
        case "running":
          return Effect.matchEffect(driver.next(job), {
            onFailure: () => Effect.fail(gaveUp("was still running when the polling schedule ended")),
            onSuccess: () => untilDone(driver)
          })
      }
    })
  return Effect.flatMap(Schedule.driver(schedule), untilDone).pipe(
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () =>
        gaveUp(
          `did not finish within ${Duration.format(timeout)}`,
          new Cause.TimeoutException(`the await of job ${String(jobId)} timed out`)
        )
    }),
    Effect.withSpan("MammothAnalytics.jobs.await", {
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
      if (created._tag !== "Job" || created.jobId === null) return Effect.succeed(created)
      const workspaceId = readField(input, "workspaceId")
      if (typeof workspaceId !== "number") {
        // create read and sent it a moment ago: only an input that changes under us gets here
        return Effect.fail(
          new MammothAnalyticsInvalidRequestError({
            operation: "GetJob",
            reason: "workspaceId: could not be read again to await the job"
          })
        )
      }
      return Effect.map(
        awaitJob({ workspaceId, jobId: created.jobId }, options),
        (job): Connections.CreateCompleted => ({ _tag: "Completed", job })
      )
    }
  ).pipe(
    Effect.withSpan("MammothAnalytics.connections.createAndAwait", {
      kind: "internal",
      attributes: spanAttributes("SaveConnection", input),
      captureStackTrace: false
    })
  )
