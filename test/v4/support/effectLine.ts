/**
 * The `effect/Effect` module that a module under test/v4/ gets: effect 4. test/packaging/effect-lines.test.ts
 * (outside test/v4, on effect 3) imports it to check that the choice follows the importing module, so a suite
 * elsewhere can load a v4 adapter from test/v4/ next to a v3 one.
 */
export * as Effect from "effect/Effect"
