import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { Page } from '../../types';
import { User } from './types';

/** Live users, a page of 100 at a time; the users table and the API key form share the cache. */
export function useUsers() {
  const query = useInfiniteQuery({
    queryKey: ['operations', 'users'],
    queryFn: ({ pageParam, signal }) =>
      api<Page<User>>('GET', `/users?size=100${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  return { ...query, users: query.data?.pages.flatMap((page) => page.items) };
}
