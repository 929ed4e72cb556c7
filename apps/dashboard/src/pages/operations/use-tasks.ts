import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { Page } from '../../types';
import { Task, TaskStatus, TaskType } from './types';

const TASKS_KEY = ['operations', 'tasks'];
const ACTIVE_STATUSES: TaskStatus[] = ['PENDING', 'RUNNING'];
const RUNNING_POLL_MS = 2_000;
/** While nothing runs, still look now and then: the indexer starts repairs of its own every hour. */
const IDLE_POLL_MS = 15_000;

const isActive = (task: Task) => ACTIVE_STATUSES.includes(task.status);

/**
 * The tasks an operator watches: those pending or running now, newest first, and those seen
 * running on this page, kept with their outcome. GET /tasks pages oldest first (by UUIDv7 id),
 * so its first page is history; filtering by status finds what runs, and a task that left the
 * active statuses is read once more by id for its result.
 */
export function useTasks() {
  const client = useQueryClient();
  return useQuery({
    queryKey: TASKS_KEY,
    queryFn: async ({ signal }) => {
      const pages = await Promise.all(
        ACTIVE_STATUSES.map((status) => api<Page<Task>>('GET', `/tasks?status=${status}&size=100`, { signal })),
      );
      const tasks = new Map(pages.flatMap((page) => page.items).map((task) => [task.id, task]));
      const seen = (client.getQueryData<Task[]>(TASKS_KEY) ?? []).filter((task) => !tasks.has(task.id));
      const settled = await Promise.all(seen.map((task) => (isActive(task) ? api<Task>('GET', `/tasks/${task.id}`, { signal }) : task)));
      return [...tasks.values(), ...settled].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },
    refetchInterval: (query) => (query.state.data?.some(isActive) ? RUNNING_POLL_MS : IDLE_POLL_MS),
  });
}

/** POST /tasks; the new task joins the list at once, so polling speeds up while it runs. */
export function useStartTask() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (type: TaskType) => api<Task>('POST', '/tasks', { body: { type } }),
    onSuccess: (task) => client.setQueryData<Task[]>(TASKS_KEY, (tasks = []) => [task, ...tasks.filter((known) => known.id !== task.id)]),
  });
}
