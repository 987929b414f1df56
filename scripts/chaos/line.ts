/**
 * What the chaos run (`scripts/chaos.ts`) needs of a client line, in plain promises: the run itself is
 * line-neutral, and each line gives only its Effect glue (`scripts/chaos/v3.ts` on effect 3,
 * `scripts/v4/chaos.ts` on effect 4, in the workspace where `effect` resolves to 4).
 */
import type { FakeStats, FaultRates, StoredConnection } from "../../src/core/fake/model.js"
import type { CreateInput, DeleteInput, GetInput, ListInput, UpdateInput } from "../../src/core/inputs.js"

/** One call of the workload: an operation of `mammoth.connections` and its input. */
export type ChaosRequest =
  | { readonly op: "list"; readonly input: ListInput }
  | { readonly op: "create"; readonly input: CreateInput }
  | { readonly op: "get"; readonly input: GetInput }
  | { readonly op: "update"; readonly input: UpdateInput }
  | { readonly op: "delete"; readonly input: DeleteInput }

/** How a call ended, read from its `Exit`. */
export type ChaosOutcome =
  | { readonly _tag: "Success" }
  | { readonly _tag: "Failure"; readonly error: unknown }
  | { readonly _tag: "Defect"; readonly pretty: string }
  | { readonly _tag: "Interrupted" }

/** The fake served over HTTP (`MammothFake.serve`), until `close`. */
export interface ChaosServer {
  readonly url: string
  readonly stats: () => Promise<FakeStats>
  readonly connections: () => Promise<ReadonlyArray<StoredConnection>>
  readonly close: () => Promise<void>
}

/** The real client over a real transport (`MammothAnalytics.layer`), its layer built in a scope `close` closes. */
export interface ChaosClient {
  /** Runs one call; with `abandonAfterMillis`, its caller gives up then (`Effect.timeout`), interrupting it. */
  readonly call: (request: ChaosRequest, abandonAfterMillis?: number) => Promise<ChaosOutcome>
  readonly close: () => Promise<void>
}

export interface ChaosLine {
  /** The client's transport and policy, as the report names them. */
  readonly client: string
  /** Serves the fake: the first `passes` requests unfaulted, then faults drawn at `rates`. */
  readonly serve: (
    options: { readonly seed: number; readonly passes: number; readonly rates: FaultRates<`${number} millis`> }
  ) => Promise<ChaosServer>
  readonly makeClient: (url: string) => Promise<ChaosClient>
}
