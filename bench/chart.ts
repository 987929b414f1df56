/**
 * The SVG charts of BENCHMARKS.md, written as text from a run's results (no dependency, nothing drawn by hand).
 * The targets: one panel per target of issue 21, one bar per measured contender of this library (green when the
 * target is met, red when not; a target against the feature-equal client is met within the A/A spread), the
 * target as a dashed line; in the panels against fetch + zod, the bare hand-written Effect client of the same line
 * and transport as a grey bar for reference. "What a user sees": the overhead per call over bare fetch of every
 * contender, against a server answering after 5 ms and after 50 ms. Pure: the same results give the same text.
 */
import type { Results } from "./results.js"
import { scenarioFigures } from "./results.js"
import type { TargetSpec } from "./targets.js"
import { handwrittenOf, targetSpecs, userOverheads } from "./targets.js"

/** The least room per bar and its labels; panels widen (and go two to a row) to keep it. */
const slotWidth = 78
const panelHeight = 250
const top = 64
const plot = { left: 44, right: 14, top: 58, bottom: 44 }
const colors = {
  met: "#2e7d32",
  unmet: "#c62828",
  reference: "#9e9e9e",
  target: "#1565c0",
  axis: "#555",
  grid: "#e6e6e6"
}
const font = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"

const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

const n2 = (x: number) => (Math.round(x * 100) / 100).toString()

interface Bar {
  readonly top: string
  readonly bottom: string
  readonly ratio?: number
  readonly kind: "met" | "unmet" | "reference"
  /** Why a target is not met besides its ratio (the heap check stopped early), in a few words. */
  readonly note?: string
  /** The target of the line this bar is about (a hand-written bar: its client's). */
  readonly limit?: number
}

const runtimeSuffix = (t: { readonly runtime: string }) => (t.runtime === "default" ? "" : ` @${t.runtime}`)

/** A bar per target of `spec` (this client), each followed, against fetch + zod, by its hand-written client's. */
const barsOf = (results: Results, spec: TargetSpec): Array<Bar> => {
  const bars: Array<Bar> = []
  for (const t of results.targets.filter((t) => t.key === spec.key)) {
    bars.push({
      top: `${t.line} client`,
      bottom: `${t.transport}${runtimeSuffix(t)}`,
      ...(t.ratio === undefined ? {} : { ratio: t.ratio }),
      kind: t.met ? "met" : "unmet",
      limit: t.limit,
      ...(t.note === undefined || t.ratio === undefined ? {} : { note: t.note.replace(/ \(.*\)$/, "") })
    })
    if (spec.against !== "fetch-zod" || spec.figure === "heap") continue
    const pass = results.passes.find((p) => p.runtime === t.runtime)
    const subject = pass?.contenders.find((c) => c.id === t.contender)
    const hand = pass !== undefined && subject !== undefined ? handwrittenOf(pass, subject) : undefined
    const a = hand?.figures[spec.figure]?.median
    const b = pass?.contenders.find((c) => c.id === "fetch-zod")?.figures[spec.figure]?.median
    if (a === undefined || b === undefined || !(b > 0)) continue
    bars.push({
      top: `${t.line} hand-written`,
      bottom: `${t.transport}${runtimeSuffix(t)}`,
      ratio: a / b,
      kind: "reference",
      limit: t.limit
    })
  }
  return bars
}

/** A step for the y axis ticks giving 3 to 6 ticks up to `max`. */
const tickStep = (max: number): number => {
  for (const step of [0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10]) if (max / step <= 6) return step
  return Math.ceil(max / 5)
}

const panel = (results: Results, spec: TargetSpec, panelWidth: number, x0: number, y0: number): string => {
  const bars = barsOf(results, spec)
  const limits = [...new Set(results.targets.filter((t) => t.key === spec.key).map((t) => t.limit))]
  const values = bars.flatMap((b) => (b.ratio === undefined ? [] : [b.ratio]))
  const max = Math.max(...values, ...limits, 1) * 1.15
  const step = tickStep(max)
  const yMax = Math.ceil(max / step - 1e-9) * step
  const width = panelWidth - plot.left - plot.right
  const height = panelHeight - plot.top - plot.bottom
  const y = (v: number) => y0 + plot.top + height - (v / yMax) * height
  const out: Array<string> = []
  const op = spec.op === "<=" ? "≤" : "≥"
  const byLine = [
    ...new Set(results.targets.filter((t) => t.key === spec.key).map((t) => `${op} ${t.limit.toFixed(2)}x|${t.line}`))
  ]
  const limitText = limits.length === 1
    ? `${op} ${limits[0]!.toFixed(2)}x`
    : byLine.map((k) => `${k.split("|")[0]} (${k.split("|")[1]})`).join(", ")
  out.push(
    `<text x="${x0 + 8}" y="${y0 + 18}" font-size="12.5" font-weight="600">${escape(spec.text)}</text>`,
    `<text x="${x0 + 8}" y="${y0 + 34}" font-size="11" fill="${colors.axis}">vs ${escape(spec.againstText)}${
      limitText === "" ? "" : `, target ${escape(limitText)}`
    }</text>`
  )
  for (let v = 0; v <= yMax + 1e-9; v += step) {
    out.push(
      `<line x1="${x0 + plot.left}" x2="${x0 + plot.left + width}" y1="${n2(y(v))}" y2="${
        n2(y(v))
      }" stroke="${colors.grid}"/>`,
      `<text x="${x0 + plot.left - 5}" y="${n2(y(v) + 3.5)}" font-size="10" text-anchor="end" fill="${colors.axis}">${
        n2(v)
      }x</text>`
    )
  }
  out.push(
    `<line x1="${x0 + plot.left}" x2="${x0 + plot.left}" y1="${y0 + plot.top}" y2="${
      y0 + plot.top + height
    }" stroke="${colors.axis}"/>`
  )
  if (bars.length === 0) {
    out.push(
      `<text x="${x0 + plot.left + width / 2}" y="${
        y0 + plot.top + height / 2
      }" font-size="11" text-anchor="middle" fill="${colors.axis}">not measured</text>`
    )
  }
  const slot = width / Math.max(bars.length, 1)
  const barWidth = Math.min(34, slot * 0.6)
  bars.forEach((bar, i) => {
    const cx = x0 + plot.left + slot * (i + 0.5)
    if (bar.ratio !== undefined) {
      const h = Math.max(0, Math.min(bar.ratio, yMax) / yMax * height)
      out.push(
        `<rect x="${n2(cx - barWidth / 2)}" y="${n2(y0 + plot.top + height - h)}" width="${n2(barWidth)}" height="${
          n2(h)
        }" fill="${colors[bar.kind]}"><title>${
          escape(`${bar.top} ${bar.bottom}: ${bar.ratio.toFixed(2)}x`)
        }</title></rect>`,
        `<text x="${n2(cx)}" y="${n2(y0 + plot.top + height - h - 4)}" font-size="10.5" text-anchor="middle">${
          bar.ratio.toFixed(2)
        }x</text>`
      )
    } else {
      out.push(
        `<text x="${n2(cx)}" y="${
          y0 + plot.top + height - 4
        }" font-size="10" text-anchor="middle" fill="${colors.axis}">n/a</text>`
      )
    }
    out.push(
      `<text x="${n2(cx)}" y="${y0 + plot.top + height + 14}" font-size="9.5" text-anchor="middle">${
        escape(bar.top)
      }</text>`,
      `<text x="${n2(cx)}" y="${
        y0 + plot.top + height + 26
      }" font-size="9.5" text-anchor="middle" fill="${colors.axis}">${escape(bar.bottom)}</text>`
    )
    if (bar.note !== undefined) {
      out.push(
        `<text x="${n2(cx)}" y="${
          y0 + plot.top + height + 37
        }" font-size="9" text-anchor="middle" fill="${colors.unmet}">${escape(bar.note)}</text>`
      )
    }
  })
  // one target line across the panel; where the lines differ in their targets (cold start), a segment over
  // each bar of a line (and its hand-written reference) at that line's target
  const segments: Array<{ from: number; to: number; limit: number }> = limits.length === 1
    ? [{ from: 0, to: bars.length, limit: limits[0]! }]
    : bars.flatMap((bar, i) => (bar.limit === undefined ? [] : [{ from: i, to: i + 1, limit: bar.limit }]))
  for (const { from, limit, to } of segments) {
    out.push(
      `<line x1="${n2(x0 + plot.left + from * slot)}" x2="${n2(x0 + plot.left + to * slot)}" y1="${n2(y(limit))}" y2="${
        n2(y(limit))
      }" stroke="${colors.target}" stroke-width="1.5" stroke-dasharray="5 3"/>`
    )
  }
  return out.join("\n")
}

/** The chart as SVG text. */
export const chartSvg = (results: Results): string => {
  const mostBars = Math.max(1, ...targetSpecs.map((spec) => barsOf(results, spec).length))
  const panelWidth = Math.max(370, plot.left + plot.right + mostBars * slotWidth)
  const columns = panelWidth > 400 ? 2 : 3
  const rows = Math.ceil(targetSpecs.length / columns)
  const width = columns * panelWidth
  const height = top + rows * panelHeight + 10
  const nodes = results.passes.map((p) => `${p.runtime === "default" ? "" : `${p.runtime}: `}node ${p.node}`).join(
    ", "
  )
  const legend = [
    { color: colors.met, text: "this client, target met" },
    { color: colors.unmet, text: "this client, target not met" },
    { color: colors.reference, text: "bare hand-written Effect client (reference, no target)" },
    { color: colors.target, text: "target", dashed: true }
  ]
  const out = svgHead(
    width,
    height,
    `Issue 21 targets: ratios of medians, npm run bench of ${runDate(results)} UTC`,
    `${nodes}; ${results.machine.cores} cores; tracer on, default options; lower is better except throughput`
  )
  let lx = 10
  for (const item of legend) {
    out.push(
      item.dashed === true
        ? `<line x1="${lx}" x2="${lx + 16}" y1="${top - 12}" y2="${
          top - 12
        }" stroke="${item.color}" stroke-width="1.5" stroke-dasharray="5 3"/>`
        : `<rect x="${lx}" y="${top - 18}" width="12" height="12" fill="${item.color}"/>`,
      `<text x="${lx + 20}" y="${top - 8}" font-size="11">${escape(item.text)}</text>`
    )
    lx += 20 + item.text.length * 6 + 18
  }
  targetSpecs.forEach((spec, i) => {
    out.push(panel(results, spec, panelWidth, (i % columns) * panelWidth, top + Math.floor(i / columns) * panelHeight))
  })
  out.push("</svg>")
  return `${out.join("\n")}\n`
}

/** The run's date and minute, as the charts' titles give it. */
const runDate = (results: Results): string => results.date.slice(0, 16).replace("T", " ")

/** The opening of a chart: the SVG element on a white ground, its title and the line under it. */
const svgHead = (width: number, height: number, title: string, subtitle: string): Array<string> => [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${
    escape(font)
  }" fill="#222">`,
  `<rect width="${width}" height="${height}" fill="#fff"/>`,
  `<text x="10" y="22" font-size="15" font-weight="600">${escape(title)}</text>`,
  `<text x="10" y="40" font-size="11" fill="${colors.axis}">${escape(subtitle)}</text>`
]

const delayColors: Readonly<Record<number, string>> = { 5: "#64b5f6", 50: "#1565c0" }

/**
 * The chart of "what a user sees": a row per contender of the scenario (each pass's), a bar per server delay, its
 * overhead per call over bare fetch ((its median − fetch's) ÷ fetch's) in per cent; zero is bare fetch. Pure.
 */
export const overheadSvg = (results: Results): string => {
  const rows = results.passes.flatMap((pass) => {
    const all = userOverheads(pass)
    const ids = [...new Set(all.map((o) => o.contender))]
    return ids.map((id) => ({
      label: `${pass.contenders.find((c) => c.id === id)?.short ?? id}${runtimeSuffix(pass)}`,
      bars: scenarioFigures.map((f) => ({
        delayMs: f.serverDelayMs,
        overhead: all.find((o) => o.contender === id && o.delayMs === f.serverDelayMs)?.overhead
      }))
    }))
  })
  const values = rows.flatMap((r) => r.bars.flatMap((b) => (b.overhead === undefined ? [] : [b.overhead * 100])))
  const step = Math.max(1, tickStep(Math.max(...values.map(Math.abs), 1) * 1.1 / 10) * 10)
  const lo = Math.floor(Math.min(0, ...values) / step) * step
  const hi = Math.ceil(Math.max(step, ...values) * 1.08 / step) * step
  const labelWidth = 250
  const plotWidth = 520
  const barHeight = 9
  const rowHeight = scenarioFigures.length * barHeight + 10
  const head = 70
  const width = labelWidth + plotWidth + 70
  const height = head + rows.length * rowHeight + 30
  const x = (percent: number) => labelWidth + ((percent - lo) / (hi - lo)) * plotWidth
  const out = svgHead(
    width,
    height,
    `What a user sees: overhead per call over bare fetch, npm run bench of ${runDate(results)} UTC`,
    "(median time per call − fetch's) ÷ fetch's, list of 3, sequential; lower is better, 0 % is bare fetch"
  )
  let lx = 10
  for (const f of scenarioFigures) {
    const text = `server answers after ${f.serverDelayMs} ms`
    out.push(
      `<rect x="${lx}" y="${head - 20}" width="12" height="12" fill="${delayColors[f.serverDelayMs] ?? colors.axis}"/>`,
      `<text x="${lx + 18}" y="${head - 10}" font-size="11">${escape(text)}</text>`
    )
    lx += 18 + text.length * 6 + 18
  }
  const bottom = head + rows.length * rowHeight
  for (let v = lo; v <= hi + 1e-9; v += step) {
    out.push(
      `<line x1="${n2(x(v))}" x2="${n2(x(v))}" y1="${head}" y2="${bottom}" stroke="${
        v === 0 ? colors.axis : colors.grid
      }"/>`,
      `<text x="${n2(x(v))}" y="${bottom + 14}" font-size="10" text-anchor="middle" fill="${colors.axis}">${
        n2(v)
      } %</text>`
    )
  }
  rows.forEach((row, i) => {
    const y0 = head + i * rowHeight + 5
    out.push(
      `<text x="${labelWidth - 8}" y="${n2(y0 + rowHeight / 2)}" font-size="10.5" text-anchor="end">${
        escape(row.label)
      }</text>`
    )
    row.bars.forEach((bar, j) => {
      const y = y0 + j * barHeight
      if (bar.overhead === undefined) {
        out.push(
          `<text x="${n2(x(0) + 4)}" y="${n2(y + barHeight - 1)}" font-size="9" fill="${colors.axis}">n/a</text>`
        )
        return
      }
      const percent = bar.overhead * 100
      const from = Math.min(x(0), x(percent))
      out.push(
        `<rect x="${n2(from)}" y="${n2(y)}" width="${n2(Math.abs(x(percent) - x(0)))}" height="${
          barHeight - 1
        }" fill="${delayColors[bar.delayMs] ?? colors.axis}"><title>${
          escape(`${row.label}, server ${bar.delayMs} ms: ${percent.toFixed(1)} %`)
        }</title></rect>`,
        `<text x="${n2(Math.max(x(0), x(percent)) + 4)}" y="${n2(y + barHeight - 1)}" font-size="9">${
          percent.toFixed(1)
        } %</text>`
      )
    })
  })
  out.push("</svg>")
  return `${out.join("\n")}\n`
}
