/**
 * Where a job is awaited: polls of `GetJob` repeated on a `Schedule` (`Effect.repeat`) while the job runs, bounded by
 * the await's timeout, and `createAndAwait`, which awaits the job a create's 202 names. Each poll is an ordinary
 * call (its own span, retries and attempt timeout). The rules (what a status means, what the errors keep and say)
 * are those of `core/jobs.ts`.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import { defaultAwaitTimeoutMillis, defaultPoll } from "../../core/defaults.js"
import {
  awaitedJobId,
  awaitEnd,
  awaitTimedOut,
  awaitTimeoutCause,
  awaitTimeoutFields,
  awaitTimeoutOf,
  jobOutcome,
  jobToAwait,
  pollOptions,
  scheduleRefused,
  withJobId
} from "../../core/jobs.js"
import type { KnownSecrets } from "../../core/secrets.js"
import { timeoutRefused } from "../../core/settings.js"
import { awaitSpanName, createAndAwaitSpanName, spanAttributes } from "../../core/spans.js"
import type * as Connections from "../Connections.js"
import {
  MammothAnalyticsInvalidRequestError,
  MammothAnalyticsJobFailedError,
  MammothAnalyticsTimeoutError
} from "../Errors.js"
import type * as Jobs from "../Jobs.js"
import type { GetJobInput, Job } from "../Schemas.js"
import { Connection } from "../Schemas.js"
import { decodeTimeout } from "./duration.js"

/** The default polling schedule: 250 ms, each wait 1.5 times the last, none longer than 5 seconds. */
export const defaultPollSchedule: Schedule.Schedule<unknown> = Schedule.exponential(
  Duration.millis(defaultPoll.firstMillis),
  defaultPoll.factor
).pipe(
  Schedule.union(Schedule.spaced(Duration.millis(defaultPoll.maxMillis)))
)

/** The default bound on a whole await. */
export const defaultAwaitTimeout: Duration.Duration = Duration.millis(defaultAwaitTimeoutMillis)

/** The connection a finished create's job names in its response, when the response has a connection's shape. */
const decodeConnection = Schema.decodeUnknownOption(Connection)

/**
 * The await's timeout, or the refusal of one that is not a duration > 0, or of a `schedule` that is not a
 * `Schedule` (checked before anything is sent).
 */
const awaitTimeout = (
  options: Jobs.AwaitOptions | undefined,
  operation: "GetJob" | "SaveConnection"
): Effect.Effect<Duration.Duration, MammothAnalyticsInvalidRequestError> => {
  const refuse = (reason: string) => Effect.fail(new MammothAnalyticsInvalidRequestError({ operation, reason }))
  const schedule: unknown = options?.schedule
  if (schedule !== undefined && schedule !== null && !Schedule.isSchedule(schedule)) return refuse(scheduleRefused)
  const timeout = awaitTimeoutOf(options, decodeTimeout, defaultAwaitTimeout)
  return timeout === undefined ? refuse(timeoutRefused) : Effect.succeed(timeout)
}

/**
 * Builds `jobs.await` over `jobs.get`: every failure of the await names its job, so the caller can resume it, and a
 * failed job's error keeps none of the credentials `secrets` (its response may quote them).
 */
export const makeAwait = (get: Jobs.Jobs["get"], secrets: KnownSecrets): Jobs.Jobs["await"] => (input, options) =>
  Effect.suspend(() => {
    const jobId = awaitedJobId(input)
    return awaitTimeout(options, "GetJob").pipe(
      Effect.flatMap((timeout) => awaitJob(get, input, options, timeout, jobId, secrets)),
      Effect.mapError((error) => withJobId(error, jobId))
    )
  })

const awaitJob = (
  get: Jobs.Jobs["get"],
  input: GetJobInput,
  options: Jobs.AwaitOptions | undefined,
  timeout: Duration.Duration,
  jobId: number | undefined,
  secrets: KnownSecrets
): Effect.Effect<Job, Jobs.GetJobError | MammothAnalyticsJobFailedError | MammothAnalyticsTimeoutError> => {
  const millis = Duration.toMillis(timeout)
  return get(input, pollOptions(options)).pipe(
    // polled again, as the schedule says (fed each job found), while the job runs; the last job found decides
    // (`passthrough`: the repeat ends with the job found, not the schedule's own output)
    Effect.repeat({
      schedule: Schedule.passthrough(options?.schedule ?? defaultPollSchedule),
      while: (job) => jobOutcome(job.status) === "running"
    }),
    Effect.flatMap((job) => {
      const end = awaitEnd(job, jobId, millis, secrets)
      if (end.tag === "success") return Effect.succeed(end.job)
      return Effect.fail(
        end.tag === "MammothAnalyticsJobFailedError"
          ? new MammothAnalyticsJobFailedError(end.fields)
          : new MammothAnalyticsTimeoutError(end.fields)
      )
    }),
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () =>
        new MammothAnalyticsTimeoutError({
          ...awaitTimeoutFields(millis, awaitTimedOut(jobId, Duration.format(timeout))),
          cause: new Cause.TimeoutException(awaitTimeoutCause(jobId))
        })
    }),
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
  // a timeout the await could not use is refused before the create is sent
  Effect.suspend(() => awaitTimeout(options, "SaveConnection")).pipe(
    Effect.andThen(create(input, pollOptions(options))),
    Effect.flatMap((created): Effect.Effect<Connections.CreateAndAwaitResult, Connections.CreateAndAwaitError> => {
      const next = jobToAwait(created, input)
      switch (next.kind) {
        case "done":
          return Effect.succeed(created)
        case "refused":
          return Effect.fail(
            new MammothAnalyticsInvalidRequestError({ operation: "GetJob", reason: next.reason, jobId: next.jobId })
          )
        case "await":
          return Effect.map(awaitJob(next.input, options), (job): Connections.CreateCompleted => ({
            _tag: "Completed",
            job,
            connection: decodeConnection(job.response)
          }))
      }
    }),
    Effect.withSpan(createAndAwaitSpanName, {
      kind: "internal",
      attributes: spanAttributes("SaveConnection", input),
      captureStackTrace: false
    })
  )
