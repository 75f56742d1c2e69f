/**
 * @module rounds/roundsApi
 * The web app's calls for reporting rounds and the 待办 (SPEC §8): one typed function per
 * route. No caching here: the home page keeps the 待办 offline through `useCachedQuery`.
 */
import type { Comparison, IssuedRound, RoundInfo, Task } from '@taizhang/schema'
import { api } from '../api/client'

const roundPath = (id: string) => `/api/rounds/${encodeURIComponent(id)}`

/** The 待办 with the time it was fetched (kept with the offline copy: "last refreshed"). */
export async function fetchTasks(): Promise<{ tasks: Task[]; fetchedAt: string }> {
  const { tasks } = await api<{ tasks: Task[] }>('/api/me/tasks')
  return { tasks, fetchedAt: new Date().toISOString() }
}

export async function fetchRounds(unitId: string): Promise<RoundInfo[]> {
  return (await api<{ rounds: RoundInfo[] }>(`/api/rounds?unit=${encodeURIComponent(unitId)}`))
    .rounds
}

export const fetchRound = (id: string) =>
  api<RoundInfo & { can?: { remind: boolean } }>(roundPath(id))

export interface IssueBody {
  unitId: string
  template: string
  period: string
  dueDate: string
  title?: string
  units?: string[]
  carryForward?: boolean
}

export const issueRound = (body: IssueBody) =>
  api<IssuedRound>('/api/rounds', { method: 'POST', body })

export const remindRound = (id: string, body: { units?: string[]; message?: string }) =>
  api<{ reminded: number }>(`${roundPath(id)}/remind`, { method: 'POST', body })

export const compareRoundsPath = (id: string, withId: string, unitId?: string) =>
  `${roundPath(id)}/compare?with=${encodeURIComponent(withId)}${
    unitId ? `&unit=${encodeURIComponent(unitId)}` : ''
  }`

export const fetchComparison = (id: string, withId: string, unitId?: string) =>
  api<Comparison>(compareRoundsPath(id, withId, unitId))

export interface Trend {
  periods: string[]
  series: Record<string, unknown[]>
  rounds: { period: string; periodLabel: string; ids: string[] }[]
}

export const fetchTrend = (unitId: string, template: string, indicators: string[]) =>
  api<Trend>(
    `/api/units/${encodeURIComponent(unitId)}/trend?template=${encodeURIComponent(template)}${indicators
      .map((i) => `&indicator=${encodeURIComponent(i)}`)
      .join('')}`,
  )
