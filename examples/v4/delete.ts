/**
 * Delete a connection, written with the module-level accessors (no `yield*` of the service). Run:
 * `npx tsx examples/delete.ts`.
 *
 * @since 0.1.0
 */
import { Console, Effect } from "effect"
import { Connections } from "../../src/v4/index.js" // your application: "mammoth-analytics-effect/v4"
import { connector, createOne, runExample } from "./runExample.js"

const program = createOne.pipe(
  Effect.tap((connectionKey) => Connections.remove({ ...connector, connectionKey })),
  Effect.tap(() =>
    Connections.list(connector).pipe(
      Effect.tap(({ connections }) => Console.log(`${connections.length} connection(s) left`))
    )
  ),
  Effect.tap((connectionKey) => Console.log(`deleted ${connectionKey}`))
)

await runExample(program)
