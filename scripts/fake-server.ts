/**
 * `npm run fake-server -- --port 4010`: the Mammoth fake as a real HTTP server on 127.0.0.1, until SIGINT or
 * SIGTERM; prints the base URL and the credentials to use. The package's bin `mammoth-analytics-fake` from the
 * sources: the same command (`src/core/fake/cli.ts`), with no Effect. `--help` lists the options.
 *
 * @since 0.1.0
 */
import { main } from "../src/core/fake/cli.js"

await main(process.argv.slice(2), "npm run fake-server --")
