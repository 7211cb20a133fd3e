/**
 * Compiles the server (server/main.ts and everything it imports from server/ and shared/) into
 * plain JavaScript for Node 20, so production runs `node dist-server/main.js`: no tsx, no
 * TypeScript compiler and no npm process at run time.
 *
 *   node scripts/build-server.mjs                      → dist-server/ (what `npm run build` does)
 *   node scripts/build-server.mjs --outdir <dir>       → another directory (the compiled-server test)
 *
 * Why esbuild bundling and not `tsc` emit: the sources import each other without file extensions
 * (`moduleResolution: bundler`), which Node's ESM loader does not resolve, and each layer's
 * tsconfig emits declarations only (type checking is `tsc -b`'s job, not this script's). esbuild
 * is already installed (tsx and vite use it) and compiles the server in well under a second.
 *
 * The choices that matter (measured: RSS after start, `VmRSS` once /api/health answers, median of
 * 5 starts — the stock @y/websocket-server 56 MB, these sources through tsx 117 MB, this build
 * with every package left in node_modules 77 MB, this build as it is 64 MB):
 * - Bundled with the npm packages, except those in EXTERNAL_PACKAGES (below): esbuild keeps only
 *   the code the server reaches (of @tldraw/tlschema, @tldraw/validate, yjs, lib0, ws,
 *   rate-limiter-flexible), and one module instead of hundreds saves Node's per-module cost. Stays
 *   external, loaded from node_modules as usual: a native addon (better-sqlite3) and a package that
 *   reads its own files at run time (pdfkit and its fontkit read font metrics beside their code).
 *   So dist-server/ lives in the repository root, beside node_modules/ (bare imports resolve
 *   upwards from the file), and runs against exactly the installed versions of those.
 * - `splitting: true` (ESM): a dynamic `import()` becomes its own chunk, loaded on first use. This
 *   is what keeps the exports lazy (server/exportRoutes.ts → server/export/: the record builders,
 *   pdfkit and fontkit load at the first export request, not at start). Without splitting,
 *   esbuild would inline those modules and hoist their package imports into main.js. An optional
 *   back end (the PostgreSQL driver; openid-client for sign-in, server/auth/oidc.ts) follows the same pattern: `await import()`
 *   it in the branch its configuration selects; add it to EXTERNAL_PACKAGES if it is native.
 * - CommonJS packages in an ESM bundle still `require()` Node's built-in modules; the banner gives
 *   every chunk a real `require` (createRequire).
 * - Whitespace and syntax minified, names kept (stack traces name the real functions). Source maps
 *   beside the files (`main.js.map`); run with `node --enable-source-maps` to see TypeScript file
 *   names and lines in stack traces — not by default: it costs about 7 MB of memory, and the log
 *   never holds stacks anyway (server/log.ts).
 * - `target: node20`, `format: esm` (package.json has `"type": "module"`, so the .js files are ESM).
 * - Licence notices of the bundled packages are kept at the end of each file.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import * as esbuild from 'esbuild'

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

export const DEFAULT_OUTDIR = path.join(REPO_ROOT, 'dist-server')

/**
 * Packages the compiled server loads from node_modules instead of carrying them: native addons and
 * packages that read their own files at run time (their dependencies come with them).
 */
export const EXTERNAL_PACKAGES = ['better-sqlite3', 'pdfkit']

/** Builds the server into `outdir` (emptied first); resolves with esbuild's metafile. */
export async function buildServer(outdir = DEFAULT_OUTDIR, { quiet = false } = {}) {
  fs.rmSync(outdir, { recursive: true, force: true })
  const result = await esbuild.build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { main: 'server/main.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL_PACKAGES,
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: 'linked',
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    // The server layer's options (esbuild reads only what changes the output, e.g. verbatimModuleSyntax).
    tsconfig: path.join(REPO_ROOT, 'server/tsconfig.json'),
    legalComments: 'eof',
    metafile: true,
    logLevel: quiet ? 'error' : 'warning',
  })
  return result.metafile
}

function summary(metafile, outdir) {
  const outputs = Object.entries(metafile.outputs)
    .filter(([file]) => !file.endsWith('.map'))
    .map(([file, info]) => `  ${path.relative(REPO_ROOT, path.resolve(REPO_ROOT, file))}  ${(info.bytes / 1024).toFixed(1)} KB`)
  return `server built into ${path.relative(REPO_ROOT, outdir) || '.'}/ (run: node ${path.relative(REPO_ROOT, path.join(outdir, 'main.js'))})\n${outputs.join('\n')}`
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' }, quiet: { type: 'boolean' } } })
  const outdir = values.outdir ? path.resolve(values.outdir) : DEFAULT_OUTDIR
  try {
    const metafile = await buildServer(outdir, { quiet: values.quiet })
    if (!values.quiet) console.log(summary(metafile, outdir))
  } catch {
    // esbuild has already printed the errors.
    process.exitCode = 1
  }
}
