import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'

// The client lives in client/ and is built into dist/, which the server serves.
// `npm run dev` proxies the API and the websocket to a server started with `npm run serve`.
const serverPort = process.env.PORT ?? '3000'

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    // Inline nothing: every font, icon and translation is a file our server serves under its CSP.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${serverPort}`,
      '/sync': { target: `ws://127.0.0.1:${serverPort}`, ws: true },
    },
  },
})
