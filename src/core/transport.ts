/**
 * Transport failures as this client reports them, the same on both Effect lines: the system error code, a
 * one-line description, and the transport's own error copied without anything it carried along (request
 * options, headers). Each line rebuilds its platform's error around the copy, on a request with no headers and
 * no body.
 *
 * @internal
 */
import type { TransportFields } from "./errors.js"

/** The system error code of an error, or of its cause: `ECONNREFUSED`, `ECONNRESET`, `UND_ERR_SOCKET`... */
export const errorCode = (error: unknown): string | undefined => {
  if (!(error instanceof Error)) return undefined
  const own = (error as { readonly code?: unknown }).code
  if (typeof own === "string") return own
  const inner = (error as { readonly cause?: unknown }).cause
  if (inner instanceof Error) {
    const code = (inner as { readonly code?: unknown }).code
    if (typeof code === "string") return code
  }
  return undefined
}

/**
 * The cause of a transport failure as an `Error` of the same name and message (and of its own cause's code), so
 * nothing the transport attached to it travels along; `undefined` when it is not an `Error`.
 */
export const scrubCause = (cause: unknown): Error | undefined => {
  if (!(cause instanceof Error)) return undefined
  const copy = new Error(cause.message)
  copy.name = cause.name
  const code = errorCode(cause)
  if (code !== undefined) (copy as Error & { code?: string }).code = code
  return copy
}

/** A transport error's cause in one line: its message, its own cause's message, and its code. */
export const describeCause = (cause: unknown): string | undefined => {
  if (!(cause instanceof Error)) return undefined
  const code = errorCode(cause)
  const inner = (cause as { readonly cause?: unknown }).cause
  const detail = inner instanceof Error && inner.message !== cause.message ? `: ${inner.message}` : ""
  return `${cause.message}${detail}${
    code !== undefined && !`${cause.message}${detail}`.includes(code) ? ` (${code})` : ""
  }`
}

/** The description of a transport failure that gives none. */
export const unknownTransportFailure = "the request failed"

/**
 * What a transport failure of `operation` on `method url` carries, with the description its platform's error is
 * rebuilt with (the given one, else the cause's): each line adds that scrubbed error as `cause`.
 */
export const transportFields = (
  operation: TransportFields["operation"],
  method: string,
  url: string,
  cause: unknown,
  description: string | undefined
): { readonly fields: TransportFields; readonly described: string | undefined } => {
  const described = description ?? describeCause(cause)
  const code = errorCode(cause)
  return {
    described,
    fields: {
      operation,
      method,
      url,
      description: described ?? unknownTransportFailure,
      ...(code === undefined ? {} : { code })
    }
  }
}
