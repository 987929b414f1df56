/**
 * The list decoder's fast path (validate the wire shape, rename once) gives what the public camelCase schema
 * gives; and the User-Agent names the package's real version.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import fc from "fast-check"
import packageJson from "../../package.json" with { type: "json" }
import { isErrorBody } from "../../src/core/errorBody.js"
import { userAgent } from "../../src/core/version.js"
import { MammothAnalytics, Schemas } from "../../src/v3/index.js"
import { mammothOver, scope } from "../support/recordingClient.js"

const wireConnection = fc.record({
  connection_key: fc.string({ minLength: 1, maxLength: 20 }),
  // a top-level "__proto__" key is dropped by Schema's record copy (the next test covers that case)
  connection_config: fc.dictionary(fc.string().filter((k) => k !== "__proto__"), fc.jsonValue())
})

describe("schemas", () => {
  it("the error body is read by hand exactly as the spec's ErrorBody schema reads it", () => {
    const anyValue = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.jsonValue(), { maxLength: 3 }),
      fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 })
    )
    const body = fc.oneof(
      fc.record(
        {
          status_code: fc.oneof(fc.integer({ min: 100, max: 599 }), anyValue),
          detail: fc.oneof(fc.string(), anyValue),
          extra: fc.oneof(
            fc.constant(null),
            fc.dictionary(fc.string(), fc.jsonValue()),
            fc.array(fc.jsonValue()),
            anyValue
          ),
          other: fc.jsonValue()
        },
        { requiredKeys: [] }
      ),
      anyValue
    )
    // the spec's `{status_code, detail, extra}`, as a Schema
    const ErrorBody = Schema.Struct({
      status_code: Schema.Int,
      detail: Schema.String,
      extra: Schema.optional(
        Schema.Union(
          Schema.Null,
          Schema.Record({ key: Schema.String, value: Schema.Unknown }),
          Schema.Array(Schema.Unknown)
        )
      )
    })
    const bySchema = Schema.is(ErrorBody)
    fc.assert(
      fc.property(body, (json) => {
        const wire = JSON.parse(JSON.stringify(json))
        expect(isErrorBody(wire)).toBe(bySchema(wire))
      }),
      { numRuns: 500 }
    )
  })

  it("the list decoded by the client equals Schemas.ConnectionList's decoding", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(wireConnection, { maxLength: 5 }), async (connections) => {
        const wire = { connections }
        const { layer } = mammothOver(() => ({ status: 200, json: wire }))
        const viaClient = await Effect.runPromise(
          Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), layer)
        )
        const viaSchema = Schema.decodeUnknownSync(Schemas.ConnectionList)(JSON.parse(JSON.stringify(wire)))
        expect(viaClient).toEqual(viaSchema)
        // and it encodes back to the wire shape
        expect(Schema.encodeSync(Schemas.ConnectionList)(viaSchema)).toEqual(JSON.parse(JSON.stringify(wire)))
      }),
      { numRuns: 50 }
    )
  })

  it("the client accepts exactly the list bodies ListConnectionsSchema accepts (its fast path cannot drift)", async () => {
    // near-valid bodies: every rule of the schema broken now and then
    const anyValue = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.integer()),
      fc.dictionary(fc.string(), fc.jsonValue())
    )
    const connection = fc.record(
      {
        connection_key: fc.oneof(fc.string({ maxLength: 3 }), anyValue),
        connection_config: fc.oneof(
          fc.dictionary(fc.constantFrom("a", "__proto__", "password"), fc.jsonValue()),
          anyValue
        ),
        other: fc.jsonValue()
      },
      { requiredKeys: [] }
    )
    const body = fc.oneof(
      fc.record({ connections: fc.array(connection, { maxLength: 4 }) }, { requiredKeys: [] }),
      fc.record({ connections: anyValue }),
      anyValue
    )
    const decode = Schema.decodeUnknownEither(Schemas.ConnectionList)
    await fc.assert(
      fc.asyncProperty(body, async (wire) => {
        const text = JSON.stringify(wire)
        const { layer } = mammothOver(() => ({ status: 200, text, headers: { "content-type": "application/json" } }))
        const viaClient = await Effect.runPromise(
          Effect.either(Effect.provide(Effect.flatMap(MammothAnalytics, (m) => m.connections.list(scope)), layer))
        )
        const viaSchema = decode(JSON.parse(text))
        expect(viaClient._tag).toBe(viaSchema._tag)
        if (viaClient._tag === "Right" && viaSchema._tag === "Right") expect(viaClient.right).toEqual(viaSchema.right)
        if (viaClient._tag === "Left") expect(viaClient.left._tag).toBe("MammothAnalyticsResponseValidationError")
      }),
      { numRuns: 300 }
    )
  })

  it("Schemas.ConnectionList refuses what the spec's ListConnectionsSchema refuses", () => {
    const decode = Schema.decodeUnknownEither(Schemas.ConnectionList)
    expect(decode({})._tag).toBe("Left")
    expect(decode({ connections: [{ connection_key: "", connection_config: {} }] })._tag).toBe("Left")
    expect(decode({ connections: [{ connection_key: "k" }] })._tag).toBe("Left")
    expect(decode({ connections: [{ connection_key: "k", connection_config: "x" }] })._tag).toBe("Left")
    expect(decode({ connections: [] })._tag).toBe("Right")
  })

  it("the User-Agent names this package and its version", () => {
    expect(userAgent).toBe(`${packageJson.name}/${packageJson.version}`)
  })
})
