/**
 * `npm run bench`: sync latency, server CPU and memory of our server against the stock
 * @y/websocket-server on the same workloads, plus the stored-size drag test, plus the client
 * rendering benchmark (bench/clientBench.ts: a 300-card meeting in Chromium while 5 clients drag,
 * beside bare tldraw; needs `npm run build` first). Prints tables and rewrites BENCHMARKS.md.
 * Not part of `npm test`. Exit code 0 whether or not targets pass.
 *
 *   npm run bench                    everything
 *   npm run bench -- --only server   the server benchmarks; BENCHMARKS.md keeps its client section
 *   npm run bench -- --only client   the client benchmark; BENCHMARKS.md keeps the other sections
 *   npm run bench -- --only phone    her phone on slow 4G (bench/phoneBench.ts; needs `npm run build`)
 *   npm run bench -- --only cluster  three nodes on PostgreSQL against one with SQLite (bench/clusterBench.ts;
 *                                    needs PostgreSQL's binaries; the full run skips it, saying why, without them)
 *
 * BENCH_REPEATS (default 3, 1–9) sets how often each scenario runs per server, and each side of
 * the client benchmark.
 * BENCH_SCENARIOS (comma-separated keys: one-board, many-boards, many-many-boards) runs only those server scenarios.
 * BENCH_SERVER_NODE_OPTIONS, if set, becomes NODE_OPTIONS of both servers (e.g. a profiling hook).
 * BENCH_CLIENT_DIST, if set, is the built client the client benchmark serves instead of dist/.
 * BENCH_CLIENT_SCREENSHOTS=<dir> saves a screenshot of each client-benchmark page before its window.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { runClientBench } from './clientBench'
import type { ClientBenchResults } from './clientBench'
import { extractClientSection, renderClientConsole, renderClientMarkdown, withClientSection } from './clientReport'
import { runDragGrowth } from './dragGrowth'
import { CLUSTER_SECTION_END, CLUSTER_SECTION_START, clusterUnavailableReason, renderClusterMarkdown, runClusterBench } from './clusterBench'
import { PHONE_SECTION_END, PHONE_SECTION_START, renderPhoneMarkdown, runPhoneBench } from './phoneBench'
import type { DragResult } from './dragGrowth'
import { runScenario } from './latency'
import type { Scenario, ScenarioResult } from './latency'
import { describeMachine, renderConsole, renderMarkdown } from './report'
import { REPO_ROOT } from './servers'
import type { ServerKind } from './servers'
import { cleanupServers } from '../tests/helpers/serverProcess'

const OVERALL_DEADLINE_MS = 30 * 60_000
/** More time when the cluster bench runs (about 3 min per repeat). */
const CLUSTER_EXTRA_MS = 20 * 60_000

const SCENARIOS: Scenario[] = [
  { key: 'one-board', title: '1 board x 30 clients', boards: 1, clientsPerBoard: 30, warmupRounds: 40, rounds: 400, intervalMs: 25, awareness: true },
  { key: 'many-boards', title: '100 boards x 5 clients', boards: 100, clientsPerBoard: 5, warmupRounds: 100, rounds: 1000, intervalMs: 10, awareness: true },
  // 2,000 connections per server. The pace (2 updates/s each, 4,000/s) is more than one
  // client process can send and time for two servers on this machine: rounds come every 2 ms.
  { key: 'many-many-boards', title: '400 boards x 5 clients', boards: 400, clientsPerBoard: 5, warmupRounds: 200, rounds: 2000, intervalMs: 2, awareness: true },
]

/**
 * BENCH_SCENARIOS, if set, is a comma-separated list of scenario keys to run (e.g.
 * `many-many-boards` while looking into one of them); the full bench runs all three.
 */
function chosenScenarios(): Scenario[] {
  const wanted = process.env.BENCH_SCENARIOS?.split(',').map((key) => key.trim()).filter(Boolean)
  if (!wanted || wanted.length === 0) return SCENARIOS
  const unknown = wanted.filter((key) => !SCENARIOS.some((scenario) => scenario.key === key))
  if (unknown.length > 0) throw new Error(`BENCH_SCENARIOS: unknown ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.key).join(', ')}`)
  return SCENARIOS.filter((scenario) => wanted.includes(scenario.key))
}

function repeats(): number {
  const value = Number(process.env.BENCH_REPEATS ?? 3)
  return Number.isInteger(value) && value >= 1 && value <= 9 ? value : 3
}

function progress(text: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${text}\n`)
}

/** On a shared machine: if the 1-minute load exceeds the core count, wait (at most 60 s) for it to drop. */
async function waitForQuieterMachine(): Promise<void> {
  const cores = os.availableParallelism()
  const deadline = performance.now() + 60_000
  if (os.loadavg()[0] <= cores) return
  progress(`load average ${os.loadavg()[0].toFixed(2)} > ${cores} cores; waiting up to 60 s for a quieter machine`)
  while (os.loadavg()[0] > cores && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5_000))
}

type Part = 'server' | 'client' | 'phone' | 'cluster'

function partsToRun(): Part[] {
  const { values } = parseArgs({ options: { only: { type: 'string' } }, strict: true })
  if (values.only === undefined) return ['server', 'client', 'phone', 'cluster']
  if (values.only === 'server' || values.only === 'client' || values.only === 'phone' || values.only === 'cluster') return [values.only]
  throw new Error(`--only takes "server", "client", "phone" or "cluster", not "${values.only}"`)
}

async function main(): Promise<void> {
  const parts = partsToRun()
  const deadlineMs = OVERALL_DEADLINE_MS + (parts.includes('cluster') ? CLUSTER_EXTRA_MS : 0)
  const watchdog = setTimeout(() => {
    progress(`overall deadline of ${deadlineMs / 60_000} min passed; stopping`)
    process.exit(1)
  }, deadlineMs)
  watchdog.unref()

  const count = repeats()
  const benchFile = path.join(REPO_ROOT, 'BENCHMARKS.md')
  const previous = fs.existsSync(benchFile) ? fs.readFileSync(benchFile, 'utf8') : null
  let markdown = parts.includes('server') ? await serverBenchmarks(count) : previous ?? '# Benchmarks\n'

  if (parts.includes('client')) {
    await waitForQuieterMachine()
    let client: ClientBenchResults | null = null
    try {
      client = await runClientBench(count, progress)
    } catch (err) {
      progress(`client bench failed: ${err instanceof Error ? err.message : String(err)}`)
      await cleanupServers()
      if (parts.length === 1) throw err
    }
    if (client) {
      console.log(renderClientConsole(client))
      markdown = withClientSection(markdown, renderClientMarkdown(client))
    } else {
      const old = previous ? extractClientSection(previous) : null
      if (old) markdown = withClientSection(markdown, old)
    }
  } else {
    const old = previous ? extractClientSection(previous) : null
    if (old) markdown = withClientSection(markdown, old)
  }
  markdown = await phoneSection(parts, count, previous, markdown)
  markdown = await clusterSection(parts, count, previous, markdown)
  fs.writeFileSync(benchFile, markdown)
  console.log('\nWritten to BENCHMARKS.md.')
}

/** `markdown` with the section between `start` and `end` replaced by `section` (appended if it had none). */
function withSection(markdown: string, start: string, end: string, section: string): string {
  const from = markdown.indexOf(start)
  const to = markdown.indexOf(end)
  if (from < 0 || to < from) return `${markdown.trimEnd()}\n\n${section}\n`
  return markdown.slice(0, from) + section + markdown.slice(to + end.length)
}

function sectionOf(markdown: string | null, start: string, end: string): string | null {
  if (!markdown) return null
  const from = markdown.indexOf(start)
  const to = markdown.indexOf(end)
  return from < 0 || to < from ? null : markdown.slice(from, to + end.length)
}

/** Her phone's section: measured now, or kept from the previous BENCHMARKS.md. */
async function phoneSection(parts: Part[], count: number, previous: string | null, markdown: string): Promise<string> {
  if (parts.includes('phone')) {
    await waitForQuieterMachine()
    progress('her phone: the resident link on slow 4G')
    try {
      const results = await runPhoneBench(count, progress)
      const section = renderPhoneMarkdown(results)
      console.log(`\n${section}`)
      return withSection(markdown, PHONE_SECTION_START, PHONE_SECTION_END, section)
    } catch (err) {
      progress(`phone bench failed: ${err instanceof Error ? err.message : String(err)}`)
      await cleanupServers()
      if (parts.length === 1) throw err
    }
  }
  const old = sectionOf(previous, PHONE_SECTION_START, PHONE_SECTION_END)
  return old ? withSection(markdown, PHONE_SECTION_START, PHONE_SECTION_END, old) : markdown
}

/** Several nodes (issue 11): measured now when PostgreSQL is available, or kept from the previous BENCHMARKS.md. */
async function clusterSection(parts: Part[], count: number, previous: string | null, markdown: string): Promise<string> {
  if (parts.includes('cluster')) {
    const unavailable = clusterUnavailableReason()
    if (unavailable !== null) {
      progress(`cluster bench skipped: ${unavailable}`)
      if (parts.length === 1) throw new Error(`cluster bench: ${unavailable}`)
    } else {
      await waitForQuieterMachine()
      progress('several nodes: 3 nodes on PostgreSQL against 1 node with SQLite')
      try {
        const results = await runClusterBench(count, progress)
        const section = renderClusterMarkdown(results)
        console.log(`\n${section}`)
        await cleanupServers()
        return withSection(markdown, CLUSTER_SECTION_START, CLUSTER_SECTION_END, section)
      } catch (err) {
        progress(`cluster bench failed: ${err instanceof Error ? err.message : String(err)}`)
        await cleanupServers()
        if (parts.length === 1) throw err
      }
    }
  }
  const old = sectionOf(previous, CLUSTER_SECTION_START, CLUSTER_SECTION_END)
  return old ? withSection(markdown, CLUSTER_SECTION_START, CLUSTER_SECTION_END, old) : markdown
}

/** The server benchmarks; prints their table and returns their part of BENCHMARKS.md. */
async function serverBenchmarks(count: number): Promise<string> {
  await waitForQuieterMachine()
  const started = performance.now()
  const date = new Date()
  const machine = describeMachine()
  const runs: ScenarioResult[] = []
  const failures: string[] = []

  for (let rep = 0; rep < count; rep++) {
    for (const scenario of chosenScenarios()) {
      // Both servers run at once with interleaved rounds; which one sends first alternates.
      const order: ServerKind[] = rep % 2 === 0 ? ['ours', 'stock'] : ['stock', 'ours']
      progress(`run ${rep + 1}/${count}: ${scenario.title}, ${order.join(' + ')}`)
      try {
        for (const result of await runScenario(scenario, order)) {
          runs.push(result)
          progress(`  ${result.kind.padEnd(5)} p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, ` +
            `server CPU ${result.cpuRounds.toFixed(2)} s, peak RSS ${(result.peakRss / 1e6).toFixed(1)} MB; ` +
            `client process max GC ${result.clientMaxGcMs.toFixed(0)} ms, max loop stall ${result.clientMaxLoopDelayMs.toFixed(0)} ms`)
        }
      } catch (err) {
        const message = `${scenario.title}, run ${rep + 1}: ${err instanceof Error ? err.message : String(err)}`
        failures.push(message)
        progress(`  failed: ${message}`)
      }
    }
  }

  let drag: DragResult | null = null
  progress('drag test: 10,000 drag updates through our server')
  try {
    drag = await runDragGrowth()
    progress(`  stored ${drag.before.total} B -> ${drag.after.total} B`)
  } catch (err) {
    const message = `drag test: ${err instanceof Error ? err.message : String(err)}`
    failures.push(message)
    progress(`  failed: ${message}`)
  }
  await cleanupServers()
  machine.loadAverageEnd = os.loadavg()

  const results = {
    date,
    durationSeconds: (performance.now() - started) / 1000,
    repeats: count,
    machine,
    scenarios: SCENARIOS,
    runs,
    failures,
    drag,
  }
  console.log(renderConsole(results))
  return renderMarkdown(results)
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err)
    process.exit(1)
  },
)
