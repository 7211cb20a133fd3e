/**
 * The bare tldraw page of the client rendering benchmark, built with the same Vite and React
 * plugin as the app (bench/clientBench.ts builds it into a temporary directory and serves it).
 * By hand: `npx vite build -c bench/bare-tldraw/vite.config.ts --outDir /tmp/bare-tldraw`.
 */
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  root: path.dirname(fileURLToPath(import.meta.url)),
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: path.join(os.tmpdir(), 'tafelbord-bare-tldraw'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // As the app: every font, icon and translation is a file served from 127.0.0.1.
    assetsInlineLimit: 0,
  },
})
