import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { cleanupServers, makeTempDir, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import { expectLogsClean } from './support'

const INDEX = '<!doctype html><title>Tafelbord</title>'
let server: ServerProcess
let outside: string

beforeAll(async () => {
  const staticDir = makeTempDir('static')
  fs.writeFileSync(path.join(staticDir, 'index.html'), INDEX)
  fs.mkdirSync(path.join(staticDir, 'assets'))
  fs.writeFileSync(path.join(staticDir, 'assets', 'app-1a2b3c.js'), 'console.log(1)')
  fs.writeFileSync(path.join(staticDir, 'assets', 'app-1a2b3c.css'), 'body{}')
  fs.writeFileSync(path.join(staticDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]))
  fs.writeFileSync(path.join(staticDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  // A secret next to the static dir that path traversal must not reach.
  outside = path.join(path.dirname(staticDir), `${path.basename(staticDir)}-secret.txt`)
  fs.writeFileSync(outside, 'geheim')
  server = await startServer({ staticDir })
})

afterAll(async () => {
  fs.rmSync(outside, { force: true })
  expectLogsClean()
  await cleanupServers()
})

function rawGet(rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: rawPath }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('static files', () => {
  it('serves index.html for / and for board pages, never cached', async () => {
    for (const url of ['/', '/b/AAAAAAAAAAAAAAAAAAAAAA', '/b/whatever/deeper']) {
      const res = await fetch(server.baseUrl + url)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(await res.text()).toBe(INDEX)
    }
  })

  it('serves assets with their content type and a long immutable cache', async () => {
    const cases: Array<[string, string]> = [
      ['/assets/app-1a2b3c.js', 'text/javascript; charset=utf-8'],
      ['/assets/app-1a2b3c.css', 'text/css; charset=utf-8'],
      ['/assets/font.woff2', 'font/woff2'],
    ]
    for (const [url, type] of cases) {
      const res = await fetch(server.baseUrl + url)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe(type)
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      await res.arrayBuffer()
    }
    const svg = await fetch(`${server.baseUrl}/favicon.svg`)
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    expect(svg.headers.get('cache-control')).not.toContain('immutable')
  })

  it('answers 404 for missing files and for path traversal', async () => {
    const name = path.basename(outside)
    const missing = await rawGet('/missing.js')
    expect(missing.status).toBe(404)
    // Sent byte for byte (fetch would normalise the dots away before they reach the server).
    for (const url of [`/../${name}`, `/assets/../../${name}`, `/%2e%2e/${name}`, `/assets/..%2f..%2f${name}`, `/%2e%2e%2f${name}`, `/..\\${name}`]) {
      const res = await rawGet(url)
      expect(res.status, url).toBeGreaterThanOrEqual(400)
      expect(res.body).not.toContain('geheim')
    }
  })

  it('answers 503 with a build hint when the client is not built', async () => {
    const bare = await startServer()
    const res = await fetch(`${bare.baseUrl}/`)
    expect(res.status).toBe(503)
    expect(await res.text()).toContain('npm run build')
    await bare.stop()
  })
})
