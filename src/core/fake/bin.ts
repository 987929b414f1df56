#!/usr/bin/env node
/**
 * The package's bin, `mammoth-analytics-fake`: the fake Mammoth server over HTTP on 127.0.0.1 until SIGINT or
 * SIGTERM (see `cli.ts`). Plain JavaScript once built, with no Effect, so it runs where `effect` is not
 * installed: `npx -p mammoth-analytics-effect mammoth-analytics-fake --port 4010`.
 *
 * @internal
 */
import { main } from "./cli.js"

await main(process.argv.slice(2), "mammoth-analytics-fake")
