/**
 * Brotli and gzip copies of every text file of the built client (when smaller), written next to it
 * (`app-1a2b.js` → `app-1a2b.js.br`, `app-1a2b.js.gz`). The server picks one by the request's
 * `Accept-Encoding` (server/http/staticFiles.ts); a proxy in front passes them through.
 * Run by the Vite build (the plugin below, in vite.config.ts); by hand: `node scripts/compressAssets.mjs dist`.
 * Plain JavaScript, so Node runs it as it is (types: compressAssets.d.mts).
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import zlib from 'node:zlib'

/** Files that are text and gain from compression; fonts (woff2) and images are compressed already. */
export const COMPRESSIBLE = /\.(html|js|mjs|css|json|map|svg|txt|xml|webmanifest|ico|ttf|wasm)$/i

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/** @param {string} dir */
function filesUnder(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
}

/**
 * Writes `.br` and `.gz` beside every compressible file under `dir`; returns what it did.
 * @param {string} dir
 */
export async function compressDirectory(dir) {
  const summary = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 }
  const files = filesUnder(dir).filter((file) => COMPRESSIBLE.test(file))
  await Promise.all(
    files.map(async (file) => {
      const content = await fs.promises.readFile(file)
      const [br, gz] = await Promise.all([
        brotli(content, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }),
        gzip(content, { level: zlib.constants.Z_BEST_COMPRESSION }),
      ])
      // A copy that would not be smaller (a near-empty file) is not written: the file is sent as it is.
      await Promise.all([
        br.length < content.length ? fs.promises.writeFile(`${file}.br`, br) : undefined,
        gz.length < content.length ? fs.promises.writeFile(`${file}.gz`, gz) : undefined,
      ])
      summary.files++
      summary.bytes += content.length
      summary.brotliBytes += Math.min(br.length, content.length)
      summary.gzipBytes += Math.min(gz.length, content.length)
    }),
  )
  return summary
}

/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1024).toFixed(0)} KB`

/** The Vite plugin: once the client is written, compress what was written. */
export function compressAssets() {
  let outDir = ''
  return {
    name: 'tafelbord:compress-assets',
    apply: /** @type {const} */ ('build'),
    /** @param {{ root: string; build: { outDir: string } }} config */
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir)
    },
    async closeBundle() {
      const s = await compressDirectory(outDir)
      console.log(`compressed ${s.files} files: ${kb(s.bytes)} → brotli ${kb(s.brotliBytes)}, gzip ${kb(s.gzipBytes)}`)
    },
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? 'dist'
  compressDirectory(dir).then(
    (s) => console.log(`compressed ${s.files} files in ${dir}: ${kb(s.bytes)} → brotli ${kb(s.brotliBytes)}, gzip ${kb(s.gzipBytes)}`),
    (error) => {
      console.error(error)
      process.exitCode = 1
    },
  )
}
