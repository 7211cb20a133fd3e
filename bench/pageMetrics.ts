/**
 * Rendering metrics measured inside Chromium, the same way on both pages of the client benchmark:
 *  - long tasks: a PerformanceObserver('longtask') installed before any page script runs
 *    (Playwright init script); tasks that start inside the measured window count;
 *  - frames: a requestAnimationFrame loop that runs only during the window; frame rate = frames /
 *    window length, "frames over 50 ms" = gaps between consecutive frames longer than 50 ms;
 *  - main-thread time by kind, from the Chrome DevTools Protocol (Performance.getMetrics: task,
 *    script, layout and style durations), as the difference over the window.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core'

/** Runs in the page before its own scripts (as a string: no bundler helpers in the page). */
const INIT_SCRIPT = `(() => {
  if (window.__bench) return
  const longTasks = []
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration])
    }).observe({ type: 'longtask', buffered: true })
  } catch (e) {}
  let frames = []
  let running = false
  let t0 = 0
  const loop = (t) => {
    if (!running) return
    frames.push(t)
    requestAnimationFrame(loop)
  }
  window.__bench = {
    /** ms since the last long task ended (or since navigation if none). */
    quietFor() {
      const last = longTasks.length ? longTasks[longTasks.length - 1] : [0, 0]
      return performance.now() - (last[0] + last[1])
    },
    start() {
      frames = []
      running = true
      t0 = performance.now()
      requestAnimationFrame(loop)
      return t0
    },
    stop() {
      running = false
      const t1 = performance.now()
      const inWindow = longTasks.filter(([s]) => s >= t0 && s < t1)
      let over50 = 0
      let maxGap = 0
      for (let i = 1; i < frames.length; i++) {
        const gap = frames[i] - frames[i - 1]
        if (gap > 50) over50++
        if (gap > maxGap) maxGap = gap
      }
      return {
        windowMs: t1 - t0,
        frames: frames.length,
        framesOver50: over50,
        maxFrameGapMs: maxGap,
        longTaskCount: inWindow.length,
        longTaskTotalMs: inWindow.reduce((sum, [, d]) => sum + d, 0),
        longTaskMaxMs: inWindow.reduce((max, [, d]) => Math.max(max, d), 0),
      }
    },
  }
})()`

export interface PageMetrics {
  windowMs: number
  frames: number
  /** Frames per second over the window. */
  fps: number
  framesOver50: number
  maxFrameGapMs: number
  longTaskCount: number
  longTaskTotalMs: number
  longTaskMaxMs: number
  /** Main-thread time during the window from CDP Performance.getMetrics, ms. */
  taskMs: number
  scriptMs: number
  layoutMs: number
  styleMs: number
}

export async function installMetrics(context: BrowserContext): Promise<void> {
  await context.addInitScript({ content: INIT_SCRIPT })
}

type CdpMetrics = Record<string, number>

async function cdpMetrics(cdp: CDPSession): Promise<CdpMetrics> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  return Object.fromEntries(metrics.map((m: { name: string; value: number }) => [m.name, m.value]))
}

/** A measurement window on one page: `start()` then, after the workload, `stop()`. */
export async function openWindow(page: Page): Promise<{ start(): Promise<void>; stop(): Promise<PageMetrics> }> {
  const cdp = await page.context().newCDPSession(page)
  // Thread time (CPU time of the main thread) where Chromium offers it: less moved by other
  // processes on a shared machine than wall time.
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' }).catch(() => cdp.send('Performance.enable'))
  let before: CdpMetrics = {}
  return {
    async start() {
      before = await cdpMetrics(cdp)
      await page.evaluate('window.__bench.start()')
    },
    async stop() {
      const raw = (await page.evaluate('window.__bench.stop()')) as Omit<PageMetrics, 'fps' | 'taskMs' | 'scriptMs' | 'layoutMs' | 'styleMs'>
      const after = await cdpMetrics(cdp)
      const delta = (name: string) => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000
      await cdp.detach().catch(() => {})
      return {
        ...raw,
        fps: raw.frames / (raw.windowMs / 1000),
        taskMs: delta('TaskDuration'),
        scriptMs: delta('ScriptDuration'),
        layoutMs: delta('LayoutDuration'),
        styleMs: delta('RecalcStyleDuration'),
      }
    },
  }
}

/**
 * Waits until the page had no long task for `quietMs` (at least `minMs` in all, at most
 * `maxMs`): the initial render of 300 cards must not leak into the window. Returns the wait.
 */
export async function waitForQuietPage(page: Page, { quietMs = 2000, minMs = 3000, maxMs = 20_000 } = {}): Promise<number> {
  const started = Date.now()
  await page.waitForTimeout(minMs)
  while (Date.now() - started < maxMs) {
    const quiet = (await page.evaluate('window.__bench.quietFor()')) as number
    if (quiet >= quietMs) break
    await page.waitForTimeout(Math.min(500, Math.max(100, quietMs - quiet)))
  }
  return Date.now() - started
}
