/**
 * Secrets in answers, the same on both Effect lines: the fake's masking of configuration fields, and the
 * masking of credential fields in the text an error keeps.
 *
 * @internal
 */

/**
 * Fields of a 2xx body that carry credentials (create's OAuth exchange): in the text an error keeps, their
 * string values read `<redacted>`, whether or not the body is valid JSON.
 */
const secretField = /("(?:access_token|picker_api_key)"\s*:\s*)"(?:[^"\\]|\\.)*"?/g

export const maskSecretFields = (text: string): string => text.replace(secretField, `$1"<redacted>"`)

/** What replaces the value of a secret field in every answer. */
export const secretMask = "********"

/**
 * Fragments of a field name (lower-cased, with everything but letters and digits removed) that mark it as a
 * secret. `db_password`, `privateKey`, `X-Auth-Token`, `client_secret`, `<password>` all match.
 */
export const secretNameFragments: ReadonlyArray<string> = [
  "password",
  "passwd",
  "passphrase",
  "pwd",
  "secret",
  "token",
  "privatekey",
  "apikey",
  "accesskey",
  "credential",
  "authorization",
  "cookie"
]

/** Whether a configuration field name holds a secret. */
export const isSecretName = (name: string): boolean => {
  const normalized = name.toLowerCase().replace(/[^a-z0-9]/g, "")
  return secretNameFragments.some((fragment) => normalized.includes(fragment))
}

/** A copy of a JSON value where every non-null value under a secret name, at any depth, is the mask. */
export const maskSecrets = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(maskSecrets)
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {}
    for (const [name, field] of Object.entries(value)) {
      out[name] = isSecretName(name) && field !== null ? secretMask : maskSecrets(field)
    }
    return out
  }
  return value
}
