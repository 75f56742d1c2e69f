/**
 * @module wire/users
 * The signed-in user as the API shows it (`POST /api/login`, `GET /api/me`, SPEC §6.3): never
 * the password hash. The web app keeps a copy for offline use, so fields added later are
 * optional here.
 */
import type { Grant } from '../access/roles'

export interface User {
  id: string
  username: string
  displayName: string
  /** Admin over the whole tree (the first `admin`), independent of grants. */
  isAdmin?: boolean
  grants?: Grant[]
}
