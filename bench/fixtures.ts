/**
 * The bodies the bench server answers with, built once. A list of `size` connections is served on the list
 * route of workspace `size` (3, 1,000 or 10,000), so every contender asks for a size through the ordinary
 * path parameters.
 */

/** The list sizes the bench serves. */
export const listSizes = [3, 1_000, 10_000] as const
export type ListSize = (typeof listSizes)[number]

/** The scope every contender calls: workspace = the list size, project 4, the spec's sample connector. */
export const projectId = 4
export const connectorKey = "cG9zdGdyZXM="

const engines = ["postgres", "mysql", "redshift", "snowflake", "bigquery", "mssql"] as const

/** A 40-character key like the spec's samples (`kvx3b8lhfe3ilk0wv4xu4fl539njerj0lmcr6wf8`). */
const connectionKeyOf = (i: number): string => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
  let seed = (i + 1) * 2_654_435_761
  let key = ""
  for (let k = 0; k < 40; k++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648
    key += alphabet[seed % alphabet.length]
  }
  return key
}

/** One connection as the server sends it: a realistic database connection configuration. */
export const wireConnection = (i: number) => {
  const engine = engines[i % engines.length]!
  return {
    connection_key: connectionKeyOf(i),
    connection_config: {
      database: `analytics_${engine}_${i}`,
      hostname: `db-${i % 97}.internal.example.com`,
      port: 5432 + (i % 7),
      username: `svc_mammoth_${i % 13}`,
      password: "********",
      ssl: i % 2 === 0,
      schema: "public",
      connect_timeout: 30,
      options: { application_name: "mammoth", statement_timeout: 60_000 },
      tags: ["etl", engine]
    }
  }
}

/** The JSON text of a list of `size` connections. */
export const listBody = (size: number): string =>
  JSON.stringify({ connections: Array.from({ length: size }, (_, i) => wireConnection(i)) })
