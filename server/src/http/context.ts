/**
 * @module http/context
 * The Hono environment every route shares: the signed-in user and the token it came
 * with, set by `requireAuth`, and the dependencies the app factory received.
 */
import type { User } from '../storage/UserStore'

export interface AppEnv {
  Variables: {
    user: User
    token: string
  }
}
