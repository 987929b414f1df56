/**
 * How parameters are written into a URL, the same on both Effect lines.
 *
 * @internal
 */

/** A lone surrogate has no UTF-8 form: `encodeURIComponent` throws on it (a defect, not a typed failure). */
export const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Percent-encodes a path parameter as exactly one segment: `/`, `?`, `#` and `%` are encoded, so no value can
 * add a segment, a query or a fragment. (`.` and `..` are refused by the parameter schemas.)
 */
export const encodeSegment = (value: string): string => encodeURIComponent(value)
