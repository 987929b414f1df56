/**
 * Body limits count the bytes the transport hands over, whatever the `content-encoding`: `fetch` inflates gzip,
 * deflate and br (and keeps the `content-encoding` and `content-length` headers, which then tell the compressed
 * size), undici and `node:http` hand the compressed bytes over as they are. A small compressed body that inflates
 * past `maxResponseBytes` is refused as too large, an error body is kept to `errorBodyBytes` however far it
 * inflates, and an endless compressed stream ends the call once the limit is reached.
 *
 * Every case runs over real HTTP (a node:http server on 127.0.0.1), on every line: over the line's
 * `FetchHttpClient` with the global `fetch` behind a counter of the body chunks the client pulled (so "at most
 * the limit plus one chunk" is measured, not timed), and over undici where the line has it.
 */
import type * as http from "node:http"
import { Readable } from "node:stream"
import * as zlib from "node:zlib"
import { describe, expect, it } from "vitest"
import { lines, useClient } from "../lines/index.js"
import type { Line, Transport } from "../lines/Line.js"
import { factsOf, failure } from "./support/outcome.js"
import type { Handler, OpCase, TestServer } from "./support/server.js"
import { credentialsOf, ops, serve, waitUntil } from "./support/server.js"
import { tappedFetch } from "./support/tap.js"

type Encoding = "gzip" | "deflate" | "br"

const encodings: ReadonlyArray<Encoding> = ["gzip", "deflate", "br"]

/** The documented cap on an error's `body` (`core/defaults.ts` `errorBodyBytes`). */
const errorBodyBytes = 16 * 1024

const compressSync: Record<Encoding, (data: Buffer) => Buffer> = {
  gzip: (data) => zlib.gzipSync(data),
  deflate: (data) => zlib.deflateSync(data),
  br: (data) => zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } })
}

/** A compressing stream that flushes after every write, so the client gets data as soon as it is made. */
const compressor: Record<Encoding, () => zlib.Gzip | zlib.Deflate | zlib.BrotliCompress> = {
  gzip: () => zlib.createGzip({ flush: zlib.constants.Z_SYNC_FLUSH }),
  deflate: () => zlib.createDeflate({ flush: zlib.constants.Z_SYNC_FLUSH }),
  br: () =>
    zlib.createBrotliCompress({
      flush: zlib.constants.BROTLI_OPERATION_FLUSH,
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1 }
    })
}

/** What a client pulled of each response body, chunk by chunk. */
interface Pulled {
  readonly chunks: Array<number>
}

/** How much the client pulled before its last chunk: at most the limit, if it stopped at the limit. */
const pulledBeforeLast = (pulled: Pulled): number => {
  // not vacuous: the client did read the body through the counter
  expect(pulled.chunks.length).toBeGreaterThan(0)
  return pulled.chunks.slice(0, -1).reduce((total, size) => total + size, 0)
}

/** A transport to run the cases over: whether it inflates, and what it pulled (when it can tell). */
interface Over {
  readonly name: string
  readonly inflates: boolean
  readonly make: () => { readonly transport: Transport; readonly pulled?: Pulled }
}

const transportsOf = (line: Line): ReadonlyArray<Over> => [
  {
    name: "FetchHttpClient (global fetch, its body pulls counted)",
    inflates: true,
    make: () => {
      const pulled: Pulled = { chunks: [] }
      return { transport: tappedFetch((chunk) => pulled.chunks.push(chunk.byteLength)), pulled }
    }
  },
  ...(line.transports.includes("undici")
    ? [{ name: "undici", inflates: false, make: () => ({ transport: "undici" as const }) }]
    : [])
]

/** A complete compressed body, its `content-length` the compressed size (well within the limit). */
const compressed = (status: number, encoding: Encoding, data: Buffer): Handler => {
  const body = compressSync[encoding](data)
  return (_req, res) =>
    res.writeHead(status, {
      "content-type": "application/json",
      "content-encoding": encoding,
      "content-length": String(body.length)
    }).end(body)
}

/** What an endless stream's server managed to send, and whether the client closed the connection. */
interface Endless {
  compressedBytes: number
}

/** An endless compressed body of spaces, chunked, until the client goes away. */
const endless = (status: number, encoding: Encoding, state: Endless): Handler => (_req, res: http.ServerResponse) => {
  res.writeHead(status, { "content-type": "application/json", "content-encoding": encoding })
  const spaces = Buffer.alloc(64 * 1024, 0x20)
  const source = new Readable({
    read() {
      this.push(spaces)
    }
  })
  const packer = compressor[encoding]()
  packer.on("data", (chunk: Buffer) => {
    state.compressedBytes += chunk.length
  })
  res.on("close", () => {
    source.destroy()
    packer.destroy()
  })
  source.pipe(packer).pipe(res)
}

/** A list of `items` connections, as JSON: about 60 bytes an item, compressing about 100 to 1. */
const hugeList = (items: number): Buffer =>
  Buffer.from(
    `{"connections":[${
      Array.from({ length: items }, () => `{"connection_key":"k","connection_config":{"x":1}}`).join(",")
    }]}`
  )

const get: OpCase = ops.find((op) => op.name === "get")!
const list: OpCase = ops.find((op) => op.name === "list")!

/** The socket of every request the server saw has been closed. */
const allClosed = (server: TestServer) =>
  waitUntil(() => server.requests.every((r) => server.isClosed(r.socket)), "every socket of the server to close")

for (const line of lines) {
  for (const over of transportsOf(line)) {
    describe(`[${line.name}] compressed bodies over ${over.name}`, () => {
      const client = (serverUrl: string, transport: Transport, maxResponseBytes?: number) =>
        useClient(line, {
          credentials: credentialsOf("token"),
          serverUrl,
          transport,
          retry: "none",
          ...(maxResponseBytes === undefined ? {} : { maxResponseBytes })
        })

      for (const encoding of encodings) {
        it(`${encoding}: a small body of a huge list (content-length within the limit) fails maxResponseBytes`, async () => {
          const limit = 256 * 1024
          const data = hugeList(200_000)
          expect(data.length).toBeGreaterThan(20 * limit)
          const server = await serve(compressed(200, encoding, data))
          const { pulled, transport } = over.make()
          const outcome = await client(server.url, transport, limit).call(list.name, list.input)
          expect(factsOf(outcome)).toEqual(failure("MammothAnalyticsResponseValidationError", { status: 200 }))
          // undici hands the compressed bytes over: within the limit, and not JSON
          if (over.inflates) {
            expect((outcome as { readonly error: { readonly reason: string } }).error.reason).toBe(
              `the body is larger than ${limit} bytes`
            )
          }
          if (pulled !== undefined) expect(pulledBeforeLast(pulled)).toBeLessThanOrEqual(limit)
        })

        it(`${encoding}: a 500 of about 10 KB that inflates to 10 MiB keeps at most errorBodyBytes in body`, async () => {
          const server = await serve(compressed(500, encoding, Buffer.alloc(10 * 1024 * 1024, 0x61)))
          const { pulled, transport } = over.make()
          const outcome = await client(server.url, transport).call(get.name, get.input)
          expect(factsOf(outcome)).toEqual(failure("MammothAnalyticsDefaultError", { status: 500 }))
          const body = (outcome as { readonly error: { readonly body: string } }).error.body
          expect(body.length).toBeLessThanOrEqual(errorBodyBytes)
          if (over.inflates) expect(body).toBe("a".repeat(errorBodyBytes))
          if (pulled !== undefined) expect(pulledBeforeLast(pulled)).toBeLessThanOrEqual(errorBodyBytes)
        })

        for (const status of [200, 500]) {
          it(`${encoding}: an endless ${status} body ends the call at the limit`, async () => {
            const limit = 64 * 1024
            const state: Endless = { compressedBytes: 0 }
            const server = await serve(endless(status, encoding, state))
            const { pulled, transport } = over.make()
            const outcome = await client(server.url, transport, limit).call(get.name, get.input)
            if (status === 200) {
              expect(factsOf(outcome)).toEqual(failure("MammothAnalyticsResponseValidationError", { status: 200 }))
            } else {
              expect(factsOf(outcome)).toEqual(failure("MammothAnalyticsDefaultError", { status: 500 }))
              const body = (outcome as { readonly error: { readonly body: string } }).error.body
              expect(body.length).toBeLessThanOrEqual(errorBodyBytes)
            }
            if (pulled !== undefined) {
              expect(pulledBeforeLast(pulled)).toBeLessThanOrEqual(status === 200 ? limit : errorBodyBytes)
            }
            // the client dropped the connection: the server stops writing
            await allClosed(server)
            expect(state.compressedBytes).toBeGreaterThan(0)
          })
        }
      }
    })
  }
}
