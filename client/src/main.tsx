/**
 * @module main
 * Entry point: mounts the app and, in a production build, registers the service worker
 * that vite-plugin-pwa generates (`/sw.js`), so the app opens offline after one visit.
 */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import './styles.css'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
)

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((error: unknown) => {
      console.warn('[台账] 离线缓存不可用', error)
    })
  })
}
