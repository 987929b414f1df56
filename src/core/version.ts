/**
 * This package's name and version, sent as the `User-Agent` by both Effect lines. A test holds it equal to
 * package.json.
 *
 * @internal
 */
export const packageName = "mammoth-analytics-effect"

/** @internal */
export const packageVersion = "0.9.1"

/** @internal */
export const userAgent = `${packageName}/${packageVersion}`
