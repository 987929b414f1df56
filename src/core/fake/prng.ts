/**
 * The fake's pseudo-random numbers: a small seeded generator, so that the same seed gives the same connection
 * keys and the same drawn faults on every run and every runtime. Nothing secret is drawn from it.
 *
 * The generator is sfc32 (a 32-bit "small fast counting" generator: 128 bits of state, a counter among them,
 * so no seed falls into a short cycle); its state comes from the seed text through FNV-1a and splitmix32.
 *
 * @internal
 */

/** A stream of pseudo-random numbers, fixed by its seed. */
export interface Prng {
  /** The next number, in `[0, 1)`. */
  readonly next: () => number
  /** The next integer in `[0, bound)`; `bound` is a positive integer no larger than 2^32. */
  readonly nextInt: (bound: number) => number
}

/** FNV-1a over the UTF-16 code units of `text`: a 32-bit hash, spread further by splitmix32. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193)
  }
  return hash >>> 0
}

/** One step of splitmix32: the next word of a sequence that turns one 32-bit seed into many well-mixed ones. */
const splitmix32 = (state: { value: number }): number => {
  state.value = (state.value + 0x9e3779b9) | 0
  let z = state.value
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

/** Outputs thrown away after seeding, so that seeds differing in one bit give unrelated streams at once. */
const warmUp = 16

/** A generator seeded by `seed`: two generators of the same seed give the same numbers. */
export const makePrng = (seed: string): Prng => {
  const mix = { value: fnv1a(seed) }
  let a = splitmix32(mix)
  let b = splitmix32(mix)
  let c = splitmix32(mix)
  let d = splitmix32(mix)
  const next32 = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
  for (let i = 0; i < warmUp; i++) next32()
  const next = (): number => next32() / 0x100000000
  return { next, nextInt: (bound) => Math.floor(next() * bound) }
}
