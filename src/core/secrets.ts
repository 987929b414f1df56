/**
 * Secrets in answers, the same on both Effect lines: which field names hold a secret, the fake's masking of
 * them in its answers, and what an error keeps of a body (every value under `connection_config`, and every
 * value of a secret-named field, masked).
 *
 * @internal
 */

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
  "cookie",
  // connection strings and URLs that carry their credentials: `connection_string`, `connStr`, `dsn`,
  // `database_url`, `jdbc_url`
  "connectionstring",
  "connstring",
  "connstr",
  "dsn",
  "databaseurl",
  "dburl",
  "jdbc",
  // keys by another name: `signing_key`, `encryption_key`, `master_key`, `account_key` (Azure), `session_id`
  "signingkey",
  "encryptionkey",
  "masterkey",
  "sharedkey",
  "accountkey",
  "sessionid",
  "bearer"
]

const normalized = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, "")

/** Whether a configuration field name holds a secret. `connection_key` does not: it names a connection. */
export const isSecretName = (name: string): boolean => {
  const n = normalized(name)
  return secretNameFragments.some((fragment) => n.includes(fragment))
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

/** What replaces a masked value in the body an error keeps, as in its headers. */
export const redactedMask = "<redacted>"

/** Whether a field holds a connection's configuration (`connection_config`, `connectionConfig`). */
const isConfigName = (name: string): boolean => normalized(name) === "connectionconfig"

/** Sets a field of a fresh object, a key named `__proto__` (as `JSON.parse` makes them) included, as data. */
const setField = (out: Record<string, unknown>, name: string, value: unknown): void => {
  if (name === "__proto__") {
    Object.defineProperty(out, name, { value, enumerable: true, writable: true, configurable: true })
  } else out[name] = value
}

/**
 * A copy of a JSON value as an error may keep it: under a `connection_config` field, at any depth, every leaf
 * value (a string, number or boolean) is `mask`, its keys and structure kept; elsewhere every non-null value of
 * a secret-named field (`isSecretName`) is `mask`. `masked` tells whether anything was replaced. The walk is
 * recursive: a value nested too deep for the stack throws (the caller keeps nothing of it).
 */
export const maskAnswer = (value: unknown, mask: string): { readonly value: unknown; readonly masked: boolean } => {
  let masked = false
  const walk = (field: unknown, inConfig: boolean): unknown => {
    if (Array.isArray(field)) return field.map((item) => walk(item, inConfig))
    if (typeof field === "object" && field !== null) {
      const out: Record<string, unknown> = {}
      for (const [name, inner] of Object.entries(field)) {
        if (inner !== null && isSecretName(name)) {
          masked = true
          setField(out, name, mask)
        } else setField(out, name, walk(inner, inConfig || isConfigName(name)))
      }
      return out
    }
    if (inConfig && field !== null && field !== undefined) {
      masked = true
      return mask
    }
    return field
  }
  const out = walk(value, false)
  return { value: out, masked }
}

/** `maskAnswer`'s value, or `mask` in place of the whole value when it is nested too deep to walk. */
export const maskedValue = (value: unknown, mask: string): unknown => {
  try {
    return maskAnswer(value, mask).value
  } catch {
    return mask
  }
}

/** The JSON of `text`, or `undefined` when it is not JSON. */
const parseJson = (text: string): { readonly json: unknown } | undefined => {
  try {
    return { json: JSON.parse(text) }
  } catch {
    return undefined
  }
}

const isContainer = (value: unknown): value is Record<PropertyKey, unknown> =>
  typeof value === "object" && value !== null

/** Whether a refused value is masked: a leaf (string, number, boolean); an object or array keeps its keys. */
const isMaskedLeaf = (value: unknown): boolean => value !== null && value !== undefined && !isContainer(value)

/**
 * Masks, in a fresh copy made by `maskAnswer`, the leaf value at `path` if there is one (a refused object or
 * array keeps its structure: its secrets are masked by name and under `connection_config` already); the new
 * root, and whether anything was masked.
 */
const maskAt = (
  root: unknown,
  path: ReadonlyArray<PropertyKey>
): { readonly root: unknown; readonly masked: boolean } => {
  if (path.length === 0) return isMaskedLeaf(root) ? { root: redactedMask, masked: true } : { root, masked: false }
  let parent: unknown = root
  for (const key of path.slice(0, -1)) {
    if (!isContainer(parent) || !Object.prototype.hasOwnProperty.call(parent, key)) return { root, masked: false }
    parent = parent[key]
  }
  const last = path[path.length - 1]!
  if (!isContainer(parent) || !Object.prototype.hasOwnProperty.call(parent, last) || !isMaskedLeaf(parent[last])) {
    return { root, masked: false }
  }
  parent[last] = redactedMask
  return { root, masked: true }
}

/**
 * The text of a JSON body as an error keeps it: `text` itself when nothing in it is to be masked, else the
 * masked JSON (`maskAnswer`, and the leaf value at each of `refused`, the paths a schema refused, which may be
 * anything), re-serialized. `undefined` when it is not JSON, or cannot be masked (nested too deep).
 */
export const maskedJsonText = (
  text: string,
  refused: ReadonlyArray<ReadonlyArray<PropertyKey>> = []
): string | undefined => {
  const parsed = parseJson(text)
  if (parsed === undefined) return undefined
  try {
    const answer = maskAnswer(parsed.json, redactedMask)
    let { value } = answer
    let masked = answer.masked
    for (const path of refused) {
      const at = maskAt(value, path)
      value = at.root
      masked = masked || at.masked
    }
    return masked ? JSON.stringify(value) : text
  } catch {
    return undefined
  }
}

/**
 * JSON-like `"name": value` pairs in text that is not JSON (an error body cut at its limit, say) whose name is a
 * secret's: their value (a string, even cut short, a number or a literal) reads `<redacted>`.
 */
const namedValue = /("((?:[^"\\]|\\.)*)"\s*:\s*)(?:"(?:[^"\\]|\\.)*"?|[-+.0-9a-zA-Z]+)/g

/** A JSON-like `"name":` in text. */
const quotedName = /"((?:[^"\\]|\\.)*)"\s*:/g

/**
 * Text that is not JSON (an error body cut at its limit, say) as an error may keep it: its structure cannot be
 * walked, so nothing from a `connection_config` field on is kept (it reads `<redacted>`), and before that every
 * value of a secret-named field reads `<redacted>`.
 */
export const maskSecretFields = (text: string): string => {
  let kept = text
  for (const match of text.matchAll(quotedName)) {
    if (isConfigName(match[1]!)) {
      kept = `${text.slice(0, match.index + match[0].length)} "${redactedMask}"`
      break
    }
  }
  return kept.replace(
    namedValue,
    (pair: string, head: string, name: string) => isSecretName(name) ? `${head}"${redactedMask}"` : pair
  )
}

/**
 * The client's own credential values (its token; its key and secret), as a server's text may echo them: a 401's
 * `detail` that quotes the `Authorization` header, a proxy's page that prints it. Built once per layer.
 */
export interface KnownSecrets {
  /** Every form of every credential, longest first (`undefined`: none). */
  readonly pattern: RegExp | undefined
  /** The forms of the credentials long enough to be masked inside a name (`undefined`: none). */
  readonly namePattern: RegExp | undefined
  /** Every form of every credential: a name that is one reads `<redacted>`. */
  readonly forms: ReadonlySet<string>
}

/** No credential to mask. */
export const noKnownSecrets: KnownSecrets = { pattern: undefined, namePattern: undefined, forms: new Set() }

/**
 * How long a credential must be to be masked inside a name (an object's key, a header's name), not only as a
 * whole name: a name is structure (`retry-after`, `message`), and a credential of a few characters (a test's
 * `"t"`) would shred every name it occurs in. No real token, key or secret is that short.
 */
export const minSecretInName = 8

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/**
 * The known secrets of the credential values `values`: each as given, and as it is written inside a JSON string
 * (a body's text holds it so). A value of a single character is masked wherever it occurs too: a credential is
 * never empty, and leaving it in the text would be worse than a text with holes in it.
 */
export const knownSecrets = (values: ReadonlyArray<string>): KnownSecrets => {
  const forms = new Set<string>()
  for (const value of values) {
    if (value.length === 0) continue
    forms.add(value)
    forms.add(JSON.stringify(value).slice(1, -1))
  }
  if (forms.size === 0) return noKnownSecrets
  const patternOf = (all: ReadonlyArray<string>): RegExp | undefined =>
    all.length === 0
      ? undefined
      : new RegExp([...all].sort((a, b) => b.length - a.length).map(escapeRegExp).join("|"), "g")
  return {
    pattern: patternOf([...forms]),
    namePattern: patternOf([...forms].filter((form) => form.length >= minSecretInName)),
    forms
  }
}

/** `text` with every occurrence of a known secret replaced by `<redacted>`, in one pass. */
export const maskKnownText = (text: string, known: KnownSecrets): string =>
  known.pattern === undefined ? text : text.replace(known.pattern, redactedMask)

/**
 * The shortest end of a cut text that is masked as the start of a known secret: a text cut at a limit (an error
 * body at `errorBodyBytes`, a `detail` at its length) may end inside a credential, where no whole form matches.
 */
export const minSecretPrefix = 3

/**
 * A text that may have been cut (`maskKnownText`), with its end masked too when it is the start of a known secret
 * (at least `minSecretPrefix` characters of it, or all of a shorter one): no part of a credential is kept.
 */
export const maskKnownCutText = (text: string, known: KnownSecrets): string => {
  const masked = maskKnownText(text, known)
  let longest = 0
  for (const form of known.forms) {
    for (let length = Math.min(form.length - 1, masked.length); length > longest; length--) {
      if (length >= Math.min(minSecretPrefix, form.length) && masked.endsWith(form.slice(0, length))) {
        longest = length
        break
      }
    }
  }
  return longest === 0 ? masked : masked.slice(0, masked.length - longest) + redactedMask
}

/**
 * A name (an object's key, a header's name) with the known secrets masked: `<redacted>` when it is one, else each
 * one at least `minSecretInName` long masked in it.
 */
export const maskKnownName = (name: string, known: KnownSecrets): string => {
  if (known.forms.has(name)) return redactedMask
  return known.namePattern === undefined ? name : name.replace(known.namePattern, redactedMask)
}

/**
 * Response headers with the known secrets masked: in their values wherever they occur (`maskKnownText`), but in
 * `retry-after`'s, which the retry policy reads from the error, and in names, as in a name (`maskKnownName`),
 * so that a short credential does not shred what the client reads.
 */
export const maskKnownHeaders = (
  headers: Readonly<Record<string, string>>,
  known: KnownSecrets
): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    const masked = name.toLowerCase() === "retry-after" ? maskKnownName(value, known) : maskKnownText(value, known)
    setField(out, maskKnownName(name, known), masked)
  }
  return out
}

/**
 * A copy of a JSON value where every string has the known secrets masked (`maskKnownText`), and every key too
 * (`maskKnownName`); `redactedMask` in place of a value nested too deep to walk.
 */
export const maskKnownValue = (value: unknown, known: KnownSecrets): unknown => {
  if (known.pattern === undefined) return value
  const walk = (field: unknown): unknown => {
    if (typeof field === "string") return maskKnownText(field, known)
    if (Array.isArray(field)) return field.map(walk)
    if (typeof field === "object" && field !== null) {
      const out: Record<string, unknown> = {}
      for (const [name, inner] of Object.entries(field)) setField(out, maskKnownName(name, known), walk(inner))
      return out
    }
    return field
  }
  try {
    return walk(value)
  } catch {
    return redactedMask
  }
}
