/**
 * Build of the web app (Vite + React) and its service worker.
 * The service worker (vite-plugin-pwa, generateSW) precaches every built asset and answers
 * navigations with index.html, so after one visit the app opens with no network at all
 * (SPEC §4). /api and /sync are never answered from the cache: data comes from IndexedDB.
 * In development, /api and /sync are proxied to a local `taizhang serve` on port 8080.
 */
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'

const server = process.env.TAIZHANG_DEV_SERVER ?? 'http://127.0.0.1:8080'

export default defineConfig({
  plugins: [
    react(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: false,
      manifest: {
        name: '台账',
        short_name: '台账',
        description: '两新组织党建台账协同填报',
        lang: 'zh-CN',
        theme_color: '#b71c1c',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '/',
        icons: [{ src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' }],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff,woff2,ico,webmanifest}'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api(\/|$)/, /^\/sync(\/|$)/],
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        skipWaiting: true,
      },
    }),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  server: {
    proxy: {
      '/api': { target: server, changeOrigin: true },
      '/sync': { target: server.replace(/^http/, 'ws'), ws: true, changeOrigin: true },
    },
  },
})
