/**
 * Test-run setup. In CI, fast-check's properties run with a fixed seed so a run is reproducible (and a
 * submission cannot fail on a counterexample drawn for the first time); on a developer's machine every run
 * draws new cases, and a failure prints its seed.
 */
import fc from "fast-check"

if (process.env["CI"] !== undefined && process.env["CI"] !== "" && process.env["CI"] !== "false") {
  fc.configureGlobal({ seed: 20261127 })
}
