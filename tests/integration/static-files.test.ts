import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import zlib from 'node:zlib'
import { cleanupServers, makeTempDir, startServer } from '../helpers/serverProcess'
import type { ServerProcess } from '../helpers/serverProcess'
import { expectLogsClean } from './support'

const INDEX = '<!doctype html><title>Tafelbord</title>'
/** Big enough that compressing pays, like a real chunk. */
const APP_JS = Array.from({ length: 400 }, (_, i) => `export const line${i} = 'Geldzaken, woning en werk: ${i}'`).join('\n')
let server: ServerProcess
let outside: string

beforeAll(async () => {
  const staticDir = makeTempDir('static')
  fs.writeFileSync(path.join(staticDir, 'index.html'), INDEX)
  fs.mkdirSync(path.join(staticDir, 'assets'))
  fs.writeFileSync(path.join(staticDir, 'assets', 'app-1a2b3c.js'), 'console.log(1)')
  // As the build writes them (scripts/compressAssets.mjs): a .br and a .gz beside each text file.
  for (const [file, content] of [['assets/chunk-9z8y7x.js', APP_JS], ['index.html', INDEX]]) {
    fs.writeFileSync(path.join(staticDir, file), content)
    fs.writeFileSync(path.join(staticDir, `${file}.br`), zlib.brotliCompressSync(content))
    fs.writeFileSync(path.join(staticDir, `${file}.gz`), zlib.gzipSync(content))
  }
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

/** A request as sent, and the response as it came over the wire (nothing decoded). */
function rawRequest(rawPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: rawPath, method, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}

function decode(body: Buffer, encoding: string | undefined): string {
  if (encoding === 'br') return zlib.brotliDecompressSync(body).toString('utf8')
  if (encoding === 'gzip') return zlib.gunzipSync(body).toString('utf8')
  return body.toString('utf8')
}

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
  it('serves index.html for / and for board pages, revalidated on every use', async () => {
    for (const url of ['/', '/index.html', '/b/AAAAAAAAAAAAAAAAAAAAAA', '/b/whatever/deeper']) {
      const res = await fetch(server.baseUrl + url)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('no-cache')
      expect(res.headers.get('vary')).toBe('Accept-Encoding')
      expect(await res.text()).toBe(INDEX)
    }
  })

  it('picks brotli, then gzip, by Accept-Encoding, with Vary, and each decodes to the same bytes', async () => {
    const url = '/assets/chunk-9z8y7x.js'
    const cases: Array<[string | undefined, string | undefined]> = [
      ['gzip, deflate, br, zstd', 'br'],
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['x-gzip', 'gzip'],
      ['br;q=0, gzip', 'gzip'],
      ['br ; q=0 , gzip ; q=0.8', 'gzip'],
      ['gzip;q=1, br;q=0.5', 'gzip'],
      ['*', 'br'],
      ['*;q=0, gzip', 'gzip'],
      ['deflate', undefined],
      ['identity', undefined],
      ['br;q=0, gzip;q=0', undefined],
      [undefined, undefined],
    ]
    for (const [accept, expected] of cases) {
      const res = await rawRequest(url, accept === undefined ? {} : { 'Accept-Encoding': accept })
      expect(res.status, String(accept)).toBe(200)
      expect(res.headers['content-encoding'], String(accept)).toBe(expected)
      expect(res.headers.vary, String(accept)).toBe('Accept-Encoding')
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8')
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(Number(res.headers['content-length'])).toBe(res.body.length)
      expect(decode(res.body, expected), String(accept)).toBe(APP_JS)
      if (expected) expect(res.body.length).toBeLessThan(Buffer.byteLength(APP_JS) / 4)
    }
    // The page itself, compressed too, and never cached without asking.
    const index = await rawRequest('/b/AAAAAAAAAAAAAAAAAAAAAA', { 'Accept-Encoding': 'gzip, br' })
    expect(index.headers['content-encoding']).toBe('br')
    expect(index.headers['cache-control']).toBe('no-cache')
    expect(decode(index.body, 'br')).toBe(INDEX)
    // A browser's fetch decodes it as it would any page.
    const fetched = await fetch(server.baseUrl + url, { headers: { 'Accept-Encoding': 'br' } })
    expect(fetched.headers.get('content-encoding')).toBe('br')
    expect(await fetched.text()).toBe(APP_JS)
  })

  it('sends a file without a compressed copy as it is, and HEAD like GET without the body', async () => {
    const font = await rawRequest('/assets/font.woff2', { 'Accept-Encoding': 'br, gzip' })
    expect(font.headers['content-encoding']).toBeUndefined()
    expect(font.body).toEqual(Buffer.from([0x77, 0x4f, 0x46, 0x32]))
    const small = await rawRequest('/assets/app-1a2b3c.js', { 'Accept-Encoding': 'br, gzip' })
    expect(small.headers['content-encoding']).toBeUndefined()
    expect(small.body.toString()).toBe('console.log(1)')

    const get = await rawRequest('/assets/chunk-9z8y7x.js', { 'Accept-Encoding': 'br' })
    const head = await rawRequest('/assets/chunk-9z8y7x.js', { 'Accept-Encoding': 'br' }, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.body.length).toBe(0)
    for (const name of ['content-encoding', 'content-length', 'content-type', 'cache-control', 'vary', 'etag']) {
      expect(head.headers[name], name).toBe(get.headers[name])
    }
    // No ranges, as before: a Range header gets the whole file.
    const ranged = await rawRequest('/assets/chunk-9z8y7x.js', { Range: 'bytes=0-9' })
    expect(ranged.status).toBe(200)
    expect(ranged.body.toString()).toBe(APP_JS)
  })

  it('answers a revalidation with 304 when nothing changed, per encoding', async () => {
    const first = await rawRequest('/', { 'Accept-Encoding': 'br' })
    const etag = first.headers.etag
    expect(etag).toMatch(/^".+-br"$/)
    const again = await rawRequest('/', { 'Accept-Encoding': 'br', 'If-None-Match': etag! })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    expect(again.headers['cache-control']).toBe('no-cache')
    expect(again.headers.vary).toBe('Accept-Encoding')
    // The gzip copy is another representation: the brotli tag does not match it.
    const otherEncoding = await rawRequest('/', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag! })
    expect(otherEncoding.status).toBe(200)
    expect(decode(otherEncoding.body, 'gzip')).toBe(INDEX)
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
