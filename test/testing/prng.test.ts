/**
 * The fake's seeded PRNG (`src/core/fake/prng.ts`): the same seed gives the same numbers, other seeds other
 * numbers, every number in range, spread evenly enough that fault rates mean what they say.
 */
import { describe, expect, it } from "@effect/vitest"
import { makePrng } from "../../src/core/fake/prng.js"

const draw = (seed: string, n: number) => {
  const random = makePrng(seed)
  return Array.from({ length: n }, () => random.next())
}

describe("the fake's PRNG", () => {
  it("is deterministic for a seed, and seeds a character apart give other streams", () => {
    expect(draw("keys:42", 100)).toEqual(draw("keys:42", 100))
    const streams = ["keys:42", "keys:43", "faults:42", "", "keys:42 "].map((seed) => draw(seed, 20))
    for (let i = 0; i < streams.length; i++) {
      for (let j = i + 1; j < streams.length; j++) {
        // not one number in common at the same position: the streams are unrelated from the start
        expect(streams[i]!.filter((x, k) => x === streams[j]![k])).toEqual([])
      }
    }
  })

  it("next is in [0, 1) and nextInt(bound) an integer in [0, bound)", () => {
    const random = makePrng("range")
    for (let i = 0; i < 10_000; i++) {
      const x = random.next()
      expect(x >= 0 && x < 1).toBe(true)
      const n = random.nextInt(36)
      expect(Number.isInteger(n) && n >= 0 && n < 36).toBe(true)
    }
  })

  it("spreads evenly: 36 buckets over 72,000 draws pass a chi-square test, and a probability p hits about p", () => {
    const random = makePrng("spread")
    const buckets = Array<number>(36).fill(0)
    const draws = 72_000
    for (let i = 0; i < draws; i++) buckets[random.nextInt(36)]!++
    const expected = draws / 36
    const chiSquare = buckets.reduce((sum, count) => sum + (count - expected) ** 2 / expected, 0)
    // 35 degrees of freedom: 66.6 is the 0.1 % critical value
    expect(chiSquare).toBeLessThan(66.6)
    const hits = draw("rate", 100_000).filter((x) => x < 0.03).length
    expect(Math.abs(hits / 100_000 - 0.03)).toBeLessThan(0.003)
  })
})
