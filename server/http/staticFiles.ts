/**
 * The built client (STATIC_DIR) for every path outside /api/: the single-page app for `/`,
 * `/index.html` and `/b/<id>`, other files as they are, never outside STATIC_DIR.
 *
 * The build writes a brotli (`.br`) and a gzip (`.gz`) copy next to every text file
 * (scripts/compressAssets.mjs); the request's `Accept-Encoding` picks one (brotli first), else the
 * file as it is. Hashed files under /assets/ are cached for a year; everything else, index.html
 * first, is revalidated on every use (`no-cache`, with an ETag).
 */
import fs from 'node:fs'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { BOARD_PATH_PREFIX } from '../../shared/protocol'
import { safeDecode } from '../apiSupport'
import { errorText, log } from '../log'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
}

/** Hashed file names: a changed file gets a new name, so a cached one never goes stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
const REVALIDATE = 'no-cache'

type Encoding = 'br' | 'gzip'
/** Our preference, best first, and the suffix of each precompressed copy. */
const ENCODINGS: ReadonlyArray<{ name: Encoding; suffix: string }> = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
]

/**
 * The encodings an `Accept-Encoding` header allows, best first: by its q-values, ties in our
 * order (brotli, then gzip). `q=0` refuses an encoding; `*` stands for any encoding not named.
 */
export function acceptedEncodings(header: string | string[] | undefined): Encoding[] {
  const weights = new Map<string, number>()
  for (const part of (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',')) {
    const [rawToken, ...params] = part.toLowerCase().split(';')
    const token = rawToken.trim()
    if (!token) continue
    let q = 1
    for (const param of params) {
      const [key, value] = param.trim().split('=')
      if (key === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 0
    }
    weights.set(token === 'x-gzip' ? 'gzip' : token, q)
  }
  const weight = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0
  return ENCODINGS.map((e) => e.name)
    .filter((name) => weight(name) > 0)
    .sort((a, b) => weight(b) - weight(a))
}

function isSpaRoute(pathname: string): boolean {
  return pathname === '/' || pathname === '/index.html' || (pathname.startsWith(BOARD_PATH_PREFIX) && pathname.length > BOARD_PATH_PREFIX.length)
}

export async function serveStatic(staticDir: string, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD')
    sendText(res, 405, 'Method not allowed.')
    return
  }
  if (isSpaRoute(pathname)) {
    const index = path.join(staticDir, 'index.html')
    if (!(await isFile(index))) {
      sendText(res, 503, 'The client is not built yet. Run "npm run build" first and start the server again.')
      return
    }
    await sendFile(req, res, index, REVALIDATE)
    return
  }
  const decoded = safeDecode(pathname)
  if (decoded === null || decoded.includes('\0')) {
    sendText(res, 400, 'Bad path.')
    return
  }
  // Resolve inside staticDir; anything that escapes it (../, encoded or not) is not found.
  const root = path.resolve(staticDir)
  const file = path.resolve(root, '.' + path.posix.normalize(decoded))
  if (!file.startsWith(root + path.sep) || !(await isFile(file))) {
    sendText(res, 404, 'Not found.')
    return
  }
  await sendFile(req, res, file, decoded.startsWith('/assets/') ? IMMUTABLE : REVALIDATE)
}

async function statFile(file: string): Promise<fs.Stats | null> {
  try {
    const stat = await fs.promises.stat(file)
    return stat.isFile() ? stat : null
  } catch {
    return null
  }
}

async function isFile(file: string): Promise<boolean> {
  return (await statFile(file)) !== null
}

/**
 * The copy to send: the best accepted precompressed one, or the file. The build writes the copies
 * after the files and empties the folder first, so a copy is never staler than its file (their
 * times are not compared: a plain `cp -r` of the folder may order them either way).
 */
async function chooseRepresentation(req: IncomingMessage, file: string, original: fs.Stats) {
  for (const encoding of acceptedEncodings(req.headers['accept-encoding'])) {
    const suffix = ENCODINGS.find((e) => e.name === encoding)?.suffix ?? ''
    const stat = await statFile(file + suffix)
    if (stat) return { path: file + suffix, stat, encoding }
  }
  return { path: file, stat: original, encoding: null }
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, cacheControl: string): Promise<void> {
  const original = await fs.promises.stat(file)
  const chosen = await chooseRepresentation(req, file, original)
  // Each representation has its own tag: a cache must not answer a gzip request with brotli.
  const etag = `"${original.size.toString(36)}-${Math.trunc(original.mtimeMs).toString(36)}${chosen.encoding ? `-${chosen.encoding}` : ''}"`
  const common = {
    'Cache-Control': cacheControl,
    // What we send depends on Accept-Encoding: caches in between must keep them apart.
    Vary: 'Accept-Encoding',
    ETag: etag,
    'Last-Modified': original.mtime.toUTCString(),
  }
  const ifNoneMatch = req.headers['if-none-match']
  if (ifNoneMatch && ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag || tag.trim() === '*')) {
    res.writeHead(304, common)
    res.end()
    return
  }
  res.writeHead(200, {
    ...common,
    'Content-Type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': chosen.stat.size,
    ...(chosen.encoding ? { 'Content-Encoding': chosen.encoding } : {}),
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  await new Promise<void>((resolve) => {
    const stream = fs.createReadStream(chosen.path)
    stream.on('error', (err) => {
      log('error', 'static_read_failed', { error: errorText(err) })
      res.destroy()
      resolve()
    })
    res.on('close', resolve)
    stream.pipe(res)
  })
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  })
  res.end(text)
}
