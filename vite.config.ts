import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { compressAssets } from './scripts/compressAssets.mjs'

// The client lives in client/ and is built into dist/, which the server serves: every text file
// also as .br and .gz (scripts/compressAssets.mjs), chosen by the request's Accept-Encoding.
// `npm run dev` proxies the API and the websocket to a server started with `npm run dev:server`
// (or `npm run serve`).
const serverPort = process.env.PORT ?? '3000'

export default defineConfig({
  root: 'client',
  plugins: [react(), compressAssets()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // Inline nothing: every font, icon and translation is a file our server serves under its CSP.
    assetsInlineLimit: 0,
    rolldownOptions: {
      treeshake: {
        // These packages do not say they are free of side effects, but they are: without this,
        // all of @tldraw/utils (media, png, lodash) comes along with the few validators that the
        // start page, the join screen and her phone use from @tldraw/validate.
        moduleSideEffects: [{ test: /node_modules\/(@tldraw\/(utils|validate)|lodash\.[a-z]+)\//, sideEffects: false }],
      },
    },
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/sync': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
})
