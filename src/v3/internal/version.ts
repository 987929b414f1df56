/**
 * This package's name and version, sent as the `User-Agent`: defined in `core/version.ts`, for both Effect
 * lines.
 *
 * @internal
 */
export { packageName, packageVersion, userAgent } from "../../core/version.js"
