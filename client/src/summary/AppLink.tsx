/**
 * @module summary/AppLink
 * A link inside the app: a real `<a href>` (open in a new tab works) whose plain click
 * moves through the app's router instead of reloading the page.
 */
import type { ReactNode } from 'react'
import { navigate } from '../hooks/useRoute'

export function AppLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a
      href={href}
      onClick={(e) => {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
        e.preventDefault()
        navigate(href)
      }}
    >
      {children}
    </a>
  )
}
