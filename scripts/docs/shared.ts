/**
 * The shapes both Effect lines build their public types from, defined once in the package's Effect-free core
 * and the same on both lines: the operations' inputs, the client's options, the errors' fields and the fake's
 * faults and options. This is not an import path of the package: each entry exports its own types built on
 * these (`Schemas.UpdateConnectionInput`, `MammothFake.FaultOptions`, ...), with the line's `Redacted`,
 * duration, retry policy and `HttpClient` in place of the type parameters.
 *
 * @module Shared shapes
 */
// Documentation only (typedoc.json): neither built nor shipped. A core type that a public type names must be
// re-exported here, or be `@inline` when its module is `@internal`; otherwise `npm run docs` fails on a warning.
export type { TableKinds, ValidationIssue } from "../../src/core/errors.js"
export type {
  CreateAnswer,
  FakeOutcome,
  Fault,
  FaultOptions,
  FaultRates,
  FaultStatus,
  JobOutcome,
  ValidationIssue as FakeValidationIssue
} from "../../src/core/fake/model.js"
export type { JsonObject, OperationId, OperationName, PatchOp } from "../../src/core/inputs.js"
export type { ClientOptions, ConfigSources, KeyCredentials, TokenCredentials } from "../../src/core/options.js"
