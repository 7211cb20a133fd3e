/**
 * Turns the measurements into the stdout table and BENCHMARKS.md. Latency, CPU and memory figures
 * are medians over the repeats of a scenario; the RSS limit is checked against the worst repeat.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import type { DragResult } from './dragGrowth'
import type { Scenario, ScenarioResult } from './latency'
import type { ServerKind } from './servers'
import { ourServerCommand } from './servers'
import { median } from './stats'

export const TARGETS = {
  p99OneBoardMs: 20,
  dragGrowthBytes: 50_000,
  peakRssBytes: 300_000_000,
  rssConnections: 500,
}

export interface Machine {
  cpus: number
  cpuModel: string
  totalMemory: number
  node: string
  os: string
  loadAverage: number[]
  /** Load average when the measurements ended. */
  loadAverageEnd: number[]
  commit: string
}

export interface BenchResults {
  date: Date
  durationSeconds: number
  repeats: number
  machine: Machine
  scenarios: Scenario[]
  runs: ScenarioResult[]
  failures: string[]
  drag: DragResult | null
}

export function describeMachine(): Machine {
  let cpuModel = 'unknown'
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))
    if (match) cpuModel = match[1].trim()
  } catch {
    // not Linux
  }
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'server', 'shared'], { encoding: 'utf8' }).trim()
    if (dirty) commit += ' (server/shared modified)'
  } catch {
    // not a git checkout
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel,
    totalMemory: os.totalmem(),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    loadAverage: os.loadavg(),
    loadAverageEnd: [],
    commit,
  }
}

interface Aggregate {
  runs: number
  p50: number
  p99: number
  deliveryP50: number
  deliveryP99: number
  cpuConnect: number
  cpuRounds: number
  cpuPerUpdateUs: number
  diskBytesPerUpdate: number
  rssStart: number
  rssIdle: number
  rssConnected: number
  peakRssMedian: number
  peakRssMax: number
  p99s: number[]
  clientStalls: string[]
  samples: number
  incomplete: number
  unexpectedCloses: number
}

function aggregate(runs: ScenarioResult[]): Aggregate | null {
  if (runs.length === 0) return null
  const med = (pick: (r: ScenarioResult) => number) => median(runs.map(pick))
  return {
    runs: runs.length,
    p50: med((r) => r.p50),
    p99: med((r) => r.p99),
    deliveryP50: med((r) => r.deliveryP50),
    deliveryP99: med((r) => r.deliveryP99),
    cpuConnect: med((r) => r.cpuConnect),
    cpuRounds: med((r) => r.cpuRounds),
    cpuPerUpdateUs: med((r) => r.cpuPerUpdateUs),
    diskBytesPerUpdate: med((r) => r.diskBytesPerUpdate),
    rssStart: med((r) => r.rssStart),
    rssIdle: med((r) => r.rssIdle),
    rssConnected: med((r) => r.rssConnected),
    peakRssMedian: med((r) => r.peakRss),
    peakRssMax: Math.max(...runs.map((r) => r.peakRss)),
    p99s: runs.map((r) => r.p99),
    clientStalls: runs.map((r) => `${r.clientMaxGcMs.toFixed(0)}/${r.clientMaxLoopDelayMs.toFixed(0)}`),
    samples: runs.reduce((n, r) => n + r.samples, 0),
    incomplete: runs.reduce((n, r) => n + r.incomplete, 0),
    unexpectedCloses: runs.reduce((n, r) => n + r.unexpectedCloses, 0),
  }
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a')
const sec = (v: number) => (Number.isFinite(v) ? v.toFixed(2) : 'n/a')
const mb = (v: number) => (Number.isFinite(v) ? (v / 1e6).toFixed(1) : 'n/a')
const bytes = (v: number) => `${Math.round(v).toLocaleString('en-US')} B`
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a')

interface Row {
  scenario: string
  metric: string
  ours: string
  stock: string
  ratio: string
}

interface TargetRow {
  target: string
  measured: string
  pass: boolean
}

interface Tables {
  rows: Row[]
  targets: TargetRow[]
  drag: Array<[string, string]>
  perRun: string[]
}

function build(results: BenchResults): Tables {
  const rows: Row[] = []
  const targets: TargetRow[] = []
  const perRun: string[] = []
  const agg = (kind: ServerKind, scenario: Scenario) =>
    aggregate(results.runs.filter((r) => r.kind === kind && r.scenario.key === scenario.key))

  for (const scenario of results.scenarios) {
    const ours = agg('ours', scenario)
    const stock = agg('stock', scenario)
    const metric = (name: string, pick: (a: Aggregate) => number, fmt: (v: number) => string, withRatio = true): void => {
      const o = ours ? pick(ours) : Number.NaN
      const s = stock ? pick(stock) : Number.NaN
      // Only the first row of a scenario carries its title.
      rows.push({ scenario: rows.length === first ? scenario.title : '', metric: name, ours: fmt(o), stock: fmt(s), ratio: withRatio ? ratio(o, s) : '' })
    }
    const first = rows.length
    metric('p50 all others applied (ms)', (a) => a.p50, ms)
    metric('p99 all others applied (ms)', (a) => a.p99, ms)
    metric('p50 per receiving client (ms)', (a) => a.deliveryP50, ms)
    metric('p99 per receiving client (ms)', (a) => a.deliveryP99, ms)
    metric('server CPU during rounds (s)', (a) => a.cpuRounds, sec)
    metric('server CPU per update (µs)', (a) => a.cpuPerUpdateUs, (v) => (Number.isFinite(v) ? v.toFixed(0) : 'n/a'))
    metric('disk written per update (bytes)', (a) => a.diskBytesPerUpdate, (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a'), false)
    metric('server CPU connect + sync (s)', (a) => a.cpuConnect, sec)
    metric('server RSS after start-up, before any request (MB)', (a) => a.rssStart, mb)
    metric('server RSS with the boards created, before clients (MB)', (a) => a.rssIdle, mb)
    metric('server RSS all connected (MB)', (a) => a.rssConnected, mb)
    metric('server peak RSS, VmHWM (MB)', (a) => a.peakRssMedian, mb)

    const fmtRuns = (a: Aggregate | null) => (a ? a.p99s.map(ms).join(', ') : 'n/a')
    perRun.push(`${scenario.title}: p99 per run (ms) ours [${fmtRuns(ours)}], stock [${fmtRuns(stock)}]; ` +
      `measured rounds ours ${ours?.samples ?? 0}, stock ${stock?.samples ?? 0}; ` +
      `client process longest GC pause / event-loop stall per run (ms) [${ours ? ours.clientStalls.join(', ') : 'n/a'}]`)

    if (ours && stock) {
      targets.push({
        target: `${scenario.title}: p99 no worse than stock`,
        measured: `ours ${ms(ours.p99)} ms, stock ${ms(stock.p99)} ms (${ratio(ours.p99, stock.p99)})`,
        pass: ours.p99 <= stock.p99,
      })
    } else {
      targets.push({ target: `${scenario.title}: p99 no worse than stock`, measured: 'not measured', pass: false })
    }
    if (scenario.boards === 1) {
      targets.push({
        target: `${scenario.title}: p99 at most ${TARGETS.p99OneBoardMs} ms`,
        measured: ours ? `${ms(ours.p99)} ms` : 'not measured',
        pass: ours !== null && ours.p99 <= TARGETS.p99OneBoardMs,
      })
    }
    if (scenario.boards * scenario.clientsPerBoard === TARGETS.rssConnections) {
      targets.push({
        target: `peak server RSS with ${TARGETS.rssConnections} connections at most ${mb(TARGETS.peakRssBytes)} MB`,
        measured: ours ? `${mb(ours.peakRssMax)} MB (worst run; stock ${stock ? mb(stock.peakRssMax) : 'n/a'} MB)` : 'not measured',
        pass: ours !== null && ours.peakRssMax <= TARGETS.peakRssBytes,
      })
    }
    if (ours && stock) {
      targets.push({
        target: `${scenario.title}: server CPU per update no more than stock's (issue 10)`,
        measured: `ours ${ours.cpuPerUpdateUs.toFixed(0)} µs, stock ${stock.cpuPerUpdateUs.toFixed(0)} µs (${ratio(ours.cpuPerUpdateUs, stock.cpuPerUpdateUs)})`,
        pass: ours.cpuPerUpdateUs <= stock.cpuPerUpdateUs,
      })
      targets.push({
        target: `${scenario.title}: RSS after start-up at most 1.2x stock's (issue 10)`,
        measured: `ours ${mb(ours.rssStart)} MB, stock ${mb(stock.rssStart)} MB (${ratio(ours.rssStart, stock.rssStart)}); with the boards created ours ${mb(ours.rssIdle)} MB`,
        pass: ours.rssStart <= 1.2 * stock.rssStart,
      })
    }
    if (ours && scenario.key === 'many-boards') {
      targets.push({
        target: `${scenario.title}: disk written per update at most 1 KB (issue 10)`,
        measured: `${Math.round(ours.diskBytesPerUpdate).toLocaleString('en-US')} B`,
        pass: ours.diskBytesPerUpdate <= 1024,
      })
    }
    if (ours) {
      targets.push({
        target: `${scenario.title}: every update reached every client, no disconnects (ours)`,
        measured: `${ours.incomplete} incomplete rounds, ${ours.unexpectedCloses} closes`,
        pass: ours.incomplete === 0 && ours.unexpectedCloses === 0,
      })
    }
  }

  const drag: Array<[string, string]> = []
  const d = results.drag
  if (d) {
    targets.push({
      target: `stored growth after ${d.drags.toLocaleString('en-US')} drags at most ${(TARGETS.dragGrowthBytes / 1000).toFixed(0)} KB`,
      measured: bytes(d.growth),
      pass: d.growth <= TARGETS.dragGrowthBytes,
    })
    drag.push(
      ['stored before the drags (after SIGTERM compaction)', `${bytes(d.before.total)} (snapshot ${bytes(d.before.snapshotBytes)}, ${d.before.updateRows} updates)`],
      ['stored after the drags (after SIGTERM compaction)', `${bytes(d.after.total)} (snapshot ${bytes(d.after.snapshotBytes)}, ${d.after.updateRows} updates)`],
      ['growth', bytes(d.growth)],
      ['live database just before shutdown', `${bytes(d.beforeShutdown.total)} (snapshot ${bytes(d.beforeShutdown.snapshotBytes)} + ${d.beforeShutdown.updateRows} pending V1 updates ${bytes(d.beforeShutdown.updateBytes)})`],
      ['same doc as Yjs update V1 (encodeStateAsUpdate)', `${bytes(d.v1Before)} -> ${bytes(d.v1After)} (+${bytes(d.v1After - d.v1Before)})`],
      ['same doc as Yjs update V2 (encodeStateAsUpdateV2)', `${bytes(d.v2Before)} -> ${bytes(d.v2After)} (+${bytes(d.v2After - d.v2Before)})`],
      [`sum of the ${d.drags.toLocaleString('en-US')} incremental V1 updates sent`, `${bytes(d.sentUpdateBytes)} (what an uncompacted log would hold)`],
      ['drag duration (writer paced by the observer, window 64)', `${d.dragSeconds.toFixed(2)} s`],
    )
  } else {
    targets.push({ target: 'stored growth after 10,000 drags at most 50 KB', measured: 'not measured', pass: false })
  }
  return { rows, targets, drag, perRun }
}

function textTable(header: string[], body: string[][], rightAlign: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAlign[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n')
}

function mdTable(header: string[], body: string[][], rightAlign: boolean[]): string {
  const esc = (c: string) => c.replaceAll('|', '\\|')
  return [
    `| ${header.join(' | ')} |`,
    `|${rightAlign.map((r) => (r ? '---:' : '---')).join('|')}|`,
    ...body.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n')
}

function machineLine(m: Machine): string {
  return `${m.cpus} CPUs (${m.cpuModel}), ${(m.totalMemory / 1e9).toFixed(1)} GB RAM, Node ${m.node}, ${m.os}; ` +
    `load average at start ${m.loadAverage.map((l) => l.toFixed(2)).join(' / ')}, at end ${m.loadAverageEnd.map((l) => l.toFixed(2)).join(' / ')}`
}

const verdict = (pass: boolean) => (pass ? 'PASS' : 'FAIL')

export function renderConsole(results: BenchResults): string {
  const t = build(results)
  const out: string[] = []
  out.push('', `Benchmark ${results.date.toISOString()} — ${machineLine(results.machine)}`)
  out.push(`Each scenario ran ${results.repeats}x, both servers at once (fresh processes, interleaved rounds); figures are medians of the runs.`, '')
  out.push(textTable(['scenario', 'metric', 'ours', 'stock', 'ours/stock'], t.rows.map((r) => [r.scenario, r.metric, r.ours, r.stock, r.ratio]), [false, false, true, true, true]))
  out.push('', ...t.perRun, '')
  if (t.drag.length > 0) {
    out.push('Stored document, drag test (ours only):')
    out.push(textTable(['', ''], t.drag.map(([a, b]) => [a, b]), [false, false]).split('\n').slice(2).join('\n'), '')
  }
  out.push(textTable(['target', 'measured', 'result'], t.targets.map((r) => [r.target, r.measured, verdict(r.pass)]), [false, false, false]))
  if (results.failures.length > 0) out.push('', 'Errors:', ...results.failures.map((f) => `  ${f}`))
  out.push('', `Server benchmarks took ${results.durationSeconds.toFixed(0)} s.`)
  return out.join('\n')
}

export function renderMarkdown(results: BenchResults): string {
  const t = build(results)
  const m = results.machine
  const s = results.scenarios
  const out: string[] = []
  out.push('# Benchmarks', '')
  out.push('_This file is written by `npm run bench` on every run; do not edit it by hand — rerun to refresh._', '')
  out.push('| | |', '|---|---|')
  out.push(`| command | \`npm run bench\` |`)
  out.push(`| date | ${results.date.toISOString()} |`)
  out.push(`| duration | ${results.durationSeconds.toFixed(0)} s |`)
  out.push(`| machine | ${m.cpus} CPUs (nproc), ${m.cpuModel}, ${(m.totalMemory / 1e9).toFixed(1)} GB RAM |`)
  out.push(`| software | Node ${m.node}, ${m.os} |`)
  out.push(`| load average (1 / 5 / 15 min) | at start ${m.loadAverage.map((l) => l.toFixed(2)).join(' / ')}, at end ${m.loadAverageEnd.map((l) => l.toFixed(2)).join(' / ')} |`)
  out.push(`| ours | this repository, commit ${m.commit} (\`${ourServerCommand()}\`) |`)
  out.push(`| stock | \`@y/websocket-server\` 0.1.1 (\`node node_modules/@y/websocket-server/src/server.js\`, in memory) |`)
  out.push(`| repeats | each scenario ${results.repeats}x; both servers run at the same time with interleaved rounds, alternating which goes first |`, '')
  out.push('## Sync latency, CPU and memory', '')
  out.push('Medians over the repeats; ratio = ours / stock (below 1 means ours is faster or smaller).', '')
  out.push(mdTable(['scenario', 'metric', 'ours', 'stock', 'ours/stock'], t.rows.map((r) => [r.scenario, r.metric, r.ours, r.stock, r.ratio]), [false, false, true, true, true]), '')
  out.push(...t.perRun.map((line) => `- ${line}`), '')
  out.push('## Targets', '')
  out.push(mdTable(['target', 'measured', 'result'], t.targets.map((r) => [r.target, r.measured, `**${verdict(r.pass)}**`]), [false, false, false]), '')
  if (t.drag.length > 0) {
    out.push('## Stored document size: 10,000 drag updates of one shape (ours)', '')
    out.push(mdTable(['what', 'bytes'], t.drag.map(([a, b]) => [a, b]), [false, false]), '')
    out.push('The server stores snapshots with `Y.encodeStateAsUpdateV2`: its column encoding run-length-codes the',
      'thousands of deleted `x`/`y` items a drag leaves behind, where the V1 encoding keeps a few bytes per',
      'overwrite. Between compactions (every `COMPACT_EVERY_UPDATES` updates, on unload and at shutdown)',
      'the accepted updates sit in `update_log`, then in runs of `board_updates`, as V1 updates.', '')
  }
  if (results.failures.length > 0) {
    out.push('## Errors during this run', '', ...results.failures.map((f) => `- ${f}`), '')
  }
  out.push('## Reading these numbers', '')
  out.push('This runs on a shared, noisy machine (other jobs compete for the same cores), so single',
    'figures move from run to run — p99 most of all. What matters are the **medians** over the repeats',
    'and the **ratios** between our server and the stock server, which ran the same workload at the same',
    'time on the same machine (interleaved rounds, so a burst of load from elsewhere hits both alike). The',
    'per-run p99 values above show how much one run can differ from the next. All clients live in one client',
    'process, so its own GC pauses and event-loop stalls (listed per run) add to both servers\' latency alike;',
    'a run with stalls of hundreds of ms says more about the machine at that moment than about a server.', '')
  out.push('## Method', '')
  out.push(
    `- Servers: each run of a scenario starts a fresh process of both servers on 127.0.0.1 — ours with \`PORT=0\` and a`,
    '  temporary `DATA_DIR` (SQLite, every update committed before it is forwarded), default settings;',
    '  the stock `@y/websocket-server` 0.1.1 with only `HOST`/`PORT` set (no `YPERSISTENCE`, so in memory,',
    '  gc on, like ours). Boards on ours are created with `POST /api/boards` and joined with the',
    '  participant token; on the stock server any room name works.',
    '- Clients: real `y-websocket` `WebsocketProvider`s (`ws` as WebSocket, `disableBc: true`), for both',
    '  servers in one separate client process (`bench/clientWorker.ts`), never in a server process. Each client',
    '  publishes presence (awareness: name, colour, cursor) and owns one shape record laid out like the',
    '  app (`doc.getMap(\'records\')` → `Y.Map` per record, nested `props`/`meta`).',
    ...s.map((sc) => `- ${sc.title}: ${sc.boards * sc.clientsPerBoard} clients per server, ${sc.warmupRounds} warm-up rounds, then ${sc.rounds} measured rounds, one per server every ${sc.intervalMs} ms.`),
    '- One round: one client (rotating over the boards, then over the clients of a board) sets `x` and',
    '  `y` of its shape in one transaction — one step of a drag — and moves its awareness cursor. The send',
    '  time is taken just before the transaction. Every other client of that board observes the records',
    '  map (`observeDeep`); a round\'s latency is the time until the **last** of them has applied the change',
    '  ("all others applied"); "per receiving client" pools every single receiver. Rounds are paced open-loop',
    '  at a fixed interval (a latency test, not a saturation test), the two servers\' rounds half an interval',
    '  apart; the server that sends first alternates between runs. One clock (`performance.now()` in the',
    '  client process) times send and receive.',
    '- Server CPU: user + system time from `/proc/<pid>/stat` of the server process, during the measured',
    '  rounds and during connect + initial sync. Memory: `VmRSS` before the clients connect and once all are',
    '  connected and synced, and the peak `VmHWM` at the end of the scenario, from `/proc/<pid>/status`.',
    `- Memory target: the ${TARGETS.rssConnections}-connection scenario (100 boards × 5 clients with awareness), worst run.`,
    '- Drag test (ours only): a board with document, page, schema and 20 shapes is written by one client',
    '  and observed by a second; the server is stopped with SIGTERM (it compacts) and the board\'s stored',
    '  bytes (snapshot + pending updates in `DATA_DIR/boards.sqlite`) are read. The server restarts on the',
    '  same data, the first client sends 10,000 transactions each setting `x` and `y` of one shape (at most',
    '  64 ahead of the observer), the server is stopped with SIGTERM again and the bytes are read again. For',
    '  this test only, `FLOOD_MAX_MESSAGES_PER_SECOND` is raised so the drag is not throttled to 400/s.',
    '- Every wait is bounded; the whole run stops itself. The exit code is 0 whether or not targets pass.',
    '',
  )
  return out.join('\n')
}
