/**
 * The bare tldraw side of the client rendering benchmark: builds bench/bare-tldraw with Vite into
 * a temporary directory, serves it on 127.0.0.1 with a websocket (`/driver`) through which the
 * bench sends the scene and the drag updates to the page.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { WebSocketServer, type WebSocket } from 'ws'
import { REPO_ROOT } from './servers'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
}

/** Builds the page (same Vite and React plugin as the app); returns the output directory. */
export async function buildBareTldraw(): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tafelbord-bare-tldraw-'))
  const { build } = await import('vite')
  await build({
    configFile: path.join(REPO_ROOT, 'bench/bare-tldraw/vite.config.ts'),
    logLevel: 'warn',
    // Readable names in a profile (BENCH_CLIENT_PROFILE), as for our unminified build.
    build: { outDir, emptyOutDir: true, minify: process.env.BENCH_CLIENT_PROFILE ? false : undefined },
  })
  if (!fs.existsSync(path.join(outDir, 'index.html'))) throw new Error('the bare tldraw page did not build')
  return outDir
}

export interface BareServer {
  url: string
  /** Resolves with the page's socket once a page connected, got the scene and put it in its store. */
  nextPage(records: unknown[]): Promise<{ socket: WebSocket; shapes: number }>
  close(): Promise<void>
}

export async function serveBareTldraw(dir: string): Promise<BareServer> {
  const root = path.resolve(dir)
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const file = path.resolve(root, `.${url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname)}`)
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' })
    fs.createReadStream(file).pipe(res)
  })
  const wss = new WebSocketServer({ server, path: '/driver' })
  let waiting: { records: unknown[]; resolve(v: { socket: WebSocket; shapes: number }): void } | null = null
  wss.on('connection', (socket) => {
    socket.on('error', () => {})
    const pending = waiting
    if (!pending) return
    waiting = null
    socket.once('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; shapes: number }
      if (message.type === 'ready') pending.resolve({ socket, shapes: message.shapes })
    })
    socket.send(JSON.stringify({ type: 'init', records: pending.records }))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}/`,
    nextPage(records) {
      return new Promise((resolve) => {
        waiting = { records, resolve }
      })
    },
    async close() {
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((resolve) => wss.close(() => resolve()))
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
