/**
 * What an error keeps of a body, the same on both Effect lines (`core/secrets.ts`, `core/answer.ts`): which
 * field names hold a secret, the structural masking of JSON (every value under `connection_config`, every value
 * of a secret-named field), and the text kept of a refused 2xx body and of a non-2xx body.
 */
import { describe, expect, it } from "vitest"
import { errorBodyText, refusalReason, refusedBodyText } from "../../src/core/answer.js"
import { isSecretName, maskAnswer, maskSecrets, secretMask } from "../../src/core/secrets.js"

describe("secret names", () => {
  it("connection strings, DSNs and URLs that carry credentials are secrets; connection_key is not", () => {
    for (const name of ["connection_string", "connectionString", "conn_str", "dsn", "SENTRY_DSN", "database_url"]) {
      expect(isSecretName(name), name).toBe(true)
    }
    for (const name of ["jdbc_url", "signing_key", "account_key", "session_id", "password", "api_key"]) {
      expect(isSecretName(name), name).toBe(true)
    }
    for (const name of ["connection_key", "connectionKey", "connection_config", "hostname", "port", "key"]) {
      expect(isSecretName(name), name).toBe(false)
    }
  })

  it("the fake's masking follows the list, and nothing else: a nested connection_config of a configuration is data", () => {
    expect(maskSecrets({ dsn: "postgres://u:p@h/d", connection_config: { host: "h" }, port: 5432 })).toEqual({
      dsn: secretMask,
      connection_config: { host: "h" },
      port: 5432
    })
  })
})

describe("maskAnswer", () => {
  it("masks every leaf under connection_config at any depth, keeping its keys, and every secret-named value", () => {
    const body = {
      connections: [{
        connection_key: "a",
        connection_config: { host: "db", port: 5432, ssl: { mode: "full", ca: ["x", null] }, empty: null }
      }],
      job: { response: { connectionConfig: { user: "u" }, token: { nested: 1 }, token_type: null } },
      detail: "kept"
    }
    expect(maskAnswer(body, "M")).toEqual({
      masked: true,
      value: {
        connections: [{
          connection_key: "a",
          connection_config: { host: "M", port: "M", ssl: { mode: "M", ca: ["M", null] }, empty: null }
        }],
        job: { response: { connectionConfig: { user: "M" }, token: "M", token_type: null } },
        detail: "kept"
      }
    })
    expect(maskAnswer({ a: [1, "b"] }, "M")).toEqual({ masked: false, value: { a: [1, "b"] } })
  })

  it("a key named __proto__ stays data, masked like any other", () => {
    const parsed = JSON.parse(`{"connection_config": {"__proto__": {"password": "pw"}, "x": "y"}}`) as unknown
    const { value } = maskAnswer(parsed, "M")
    expect(JSON.stringify(value)).toBe(`{"connection_config":{"__proto__":{"password":"M"},"x":"M"}}`)
    expect(Object.getPrototypeOf((value as { connection_config: object }).connection_config)).toBe(Object.prototype)
  })
})

describe("the body an error keeps", () => {
  it("a refused 2xx body: masked JSON, the refused leaf values too; nothing of a body that is not JSON", () => {
    const text = JSON.stringify({ job_id: "pw-1", connection_config: { password: "pw-2" }, status_code: 202 })
    expect(refusedBodyText(text, [{ path: ["job_id"], kind: "type" }])).toBe(
      `{"job_id":"<redacted>","connection_config":{"password":"<redacted>"},"status_code":202}`
    )
    // nothing to mask: the text as it came, formatting and all
    expect(refusedBodyText(`{ "connections": 5 }`)).toBe(`{ "connections": 5 }`)
    expect(refusedBodyText(`{"connection_config": {"password": "pw-3"`)).toBe("")
    expect(refusedBodyText(`password=pw-4`)).toBe("")
    // nested too deep to walk: nothing is kept rather than a body that could not be masked
    expect(refusedBodyText(`${"[".repeat(200_000)}${"]".repeat(200_000)}`)).toBe("")
  })

  it("a non-2xx body: JSON masked, other text as it came but for secret-named fields and connection configurations, cut", () => {
    expect(errorBodyText(JSON.stringify({ detail: "no", connection_config: { host: "h" } }), 100)).toBe(
      `{"detail":"no","connection_config":{"host":"<redacted>"}}`
    )
    expect(errorBodyText(`<html>upstream down</html>`, 100)).toBe(`<html>upstream down</html>`)
    expect(errorBodyText(`{"detail": "x", "dsn": "postgres://u:pw@h/d", "password": "pw-cut-sh`, 100)).toBe(
      `{"detail": "x", "dsn": "<redacted>", "password": "<redacted>"`
    )
    // cut JSON cannot be walked: nothing from a connection's configuration on is kept, and unquoted secrets go too
    expect(errorBodyText(`{"detail": "x", "pin_password": 1234, "connection_config": {"host": "h", "user": "u`, 200))
      .toBe(`{"detail": "x", "pin_password": "<redacted>", "connection_config": "<redacted>"`)
    expect(errorBodyText(`{"items": [{"connectionConfig":{"pass":"p"}}, {"pass`, 200)).toBe(
      `{"items": [{"connectionConfig": "<redacted>"`
    )
    expect(errorBodyText("x".repeat(50), 10)).toBe("x".repeat(10))
    // masking may lengthen a body: it is cut after
    expect(errorBodyText(JSON.stringify({ token: "a" }), 12).length).toBe(12)
  })

  it("a refusal names each place and kind once, never a value", () => {
    expect(
      refusalReason("the body does not match JobResponse", [
        { path: ["job", "id"], kind: "type" },
        { path: ["job", "id"], kind: "type" },
        { path: ["job", "created_at"], kind: "missing" },
        { path: ["job", "x".repeat(100)], kind: "unexpected" },
        { path: ["job", "path"], kind: "value" }
      ])
    ).toBe(
      `the body does not match JobResponse: at [job, id]: is not of the expected type; at [job, created_at]: is missing; at [job, ${
        "x".repeat(64)
      }...]: is not expected`
    )
    expect(refusalReason("what", [])).toBe("what: invalid")
  })
})
