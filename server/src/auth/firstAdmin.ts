/**
 * @module auth/firstAdmin
 * The first start of an empty database creates the user `admin` (SPEC §6.2), admin
 * over the whole unit tree, with the password from TAIZHANG_ADMIN_PASSWORD or a
 * generated one that the caller prints once. Later starts leave it alone (changing
 * the variable does not reset a password someone may have changed since). Several nodes
 * starting together on one empty PostgreSQL database race here: the loser's insert hits the
 * unique username and it finds the winner's `admin` instead.
 */
import type { MetaStore } from '../storage/MetaStore'
import { generatePassword, hashPassword } from './passwords'

export const FIRST_ADMIN = 'admin'

/** Creates `admin` when missing; returns the generated password when one was made. */
export async function ensureFirstAdmin(
  store: MetaStore,
  password: string | undefined,
): Promise<{ created: boolean; generatedPassword?: string }> {
  if (await store.users.byUsername(FIRST_ADMIN)) return { created: false }
  const generated = password ? undefined : generatePassword()
  try {
    await store.users.create({
      username: FIRST_ADMIN,
      displayName: '系统管理员',
      passwordHash: await hashPassword(password ?? generated!),
      isAdmin: true,
    })
  } catch (error) {
    // another node (or start) created it meanwhile
    if (await store.users.byUsername(FIRST_ADMIN)) return { created: false }
    throw error
  }
  return { created: true, generatedPassword: generated }
}
