/**
 * @module http/securityHeaders
 * Security headers for every response — the web app, the API and the sync upgrade — built on
 * Hono's `secureHeaders` (the maintained implementation; we only choose the policy).
 *
 * The Content-Security-Policy fits what the built web app does and nothing more:
 * - scripts only from our own origin (Vite emits `/assets/*.js`, no inline script);
 * - styles from our origin plus inline styles: AG Grid positions rows and columns with
 *   `style` attributes and injects its theme as a `<style>` element, so `'unsafe-inline'` is
 *   needed for styles (not for scripts, where it would matter for XSS);
 * - `connect-src 'self'` for the API and the y-websocket sync socket: CSP Level 3 lets
 *   'self' match ws:/wss: on our own host and port, and a bare `ws:`/`wss:` would let an
 *   injected script carry data to any host;
 * - `worker-src 'self'` for the service worker (offline app shell), `manifest-src 'self'`;
 * - `img-src 'self' data: blob:` (icons, generated previews), fonts from us or `data:`;
 * - no plugins, no framing (clickjacking), no `<base>` tricks, forms only to us.
 * Other headers: nosniff, no referrer across origins, frame denial, COOP same-origin,
 * CORP same-origin. HSTS is left to the TLS-terminating proxy: the server itself speaks
 * plain HTTP on 127.0.0.1 by default, where HSTS would be wrong.
 *
 * Not for: authentication, CORS (the app is same-origin only), rate limits.
 */
import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

/** The policy as a list of directives; exported so tests can compare against it. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
}

export interface SecurityHeadersOptions {
  /** Extra `connect-src` sources (e.g. a separate sync host). */
  connectSrc?: string[]
}

/** The middleware; mount it first so error responses carry the headers too. */
export const securityHeaders = ({
  connectSrc = [],
}: SecurityHeadersOptions = {}): MiddlewareHandler =>
  secureHeaders({
    contentSecurityPolicy: {
      ...CONTENT_SECURITY_POLICY,
      connectSrc: [...CONTENT_SECURITY_POLICY.connectSrc, ...connectSrc],
    },
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: 'same-origin',
    crossOriginResourcePolicy: 'same-origin',
    referrerPolicy: 'same-origin',
    strictTransportSecurity: false,
    xContentTypeOptions: 'nosniff',
    xFrameOptions: 'DENY',
    xXssProtection: '0',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [] },
  })
