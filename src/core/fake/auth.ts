/**
 * The fake's authentication, as the live API's: a bearer token, or (deprecated) an API key and secret with
 * `X-WORKSPACE-ID` naming the path's workspace; and the credentials a fake accepts unless told otherwise.
 *
 * @internal
 */
import type { AcceptedCredentials, FakeOutcome, FakeRequest } from "./model.js"
import { errorBody } from "./outcomes.js"

/** The token, key and secret every fake accepts unless told otherwise. */
export const defaultCredentials: AcceptedCredentials = {
  token: "mm_fake-token",
  apiKey: "mammoth-fake-key",
  apiSecret: "mammoth-fake-secret"
}

/** `decodeURIComponent`, or the text as it is when it is not valid percent-encoding. */
const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * The 401 a request's credentials earn, or `undefined` when they are good: a bearer token, or the key and
 * secret with `X-WORKSPACE-ID` naming `pathWorkspace` (the raw path segment of the route's workspace, if it
 * has one).
 */
export const authenticate = (
  accepted: AcceptedCredentials,
  request: FakeRequest,
  pathWorkspace: string | undefined
): FakeOutcome | undefined => {
  const authorization = request.headers["authorization"]
  if (authorization !== undefined) {
    const given = /^Bearer +(\S+)$/i.exec(authorization.trim())?.[1]
    return given === accepted.token ? undefined : errorBody(401, "Invalid bearer token", {})
  }
  const givenKey = request.headers["x-api-key"]
  const givenSecret = request.headers["x-api-secret"]
  if (givenKey === undefined || givenSecret === undefined || givenKey === "" || givenSecret === "") {
    return errorBody(401, "Missing credentials: Authorization: Bearer <token>, or X-API-KEY and X-API-SECRET", {})
  }
  if (givenKey !== accepted.apiKey || givenSecret !== accepted.apiSecret) {
    return errorBody(401, "Invalid API key or secret", {})
  }
  const givenWorkspace = request.headers["x-workspace-id"]
  if (givenWorkspace === undefined || givenWorkspace === "") {
    return errorBody(401, "X-WORKSPACE-ID is required with X-API-KEY and X-API-SECRET", {})
  }
  if (pathWorkspace !== undefined && givenWorkspace.trim() !== safeDecode(pathWorkspace)) {
    return errorBody(401, "X-WORKSPACE-ID does not name the workspace of the path", {})
  }
  return undefined
}
