/** Who is signed in: GET /v1/session (null when not), sign-in and sign-out. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { ApiError, api, must, setCsrf, type Role, type Session } from './api/client';

export type Principal = Session['principal'];

export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async (): Promise<Principal | null> => {
      try {
        const s = must(await api.GET('/v1/session'));
        setCsrf(s.csrf_token);
        return s.principal;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

/** Another person's data never shows: every query but the session's is dropped on sign-in and out. */
const forgetAllBut = (qc: QueryClient) => qc.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (key: string) => must(await api.POST('/v1/session', { body: { key } })),
    onSuccess: (s) => {
      setCsrf(s.csrf_token);
      forgetAllBut(qc);
      qc.setQueryData(['session'], s.principal);
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await api.DELETE('/v1/session');
    },
    onSettled: () => {
      setCsrf(null);
      forgetAllBut(qc);
      qc.setQueryData(['session'], null);
    },
  });
}

/** What each role may do in the console; pages and links a role may not use are not shown. */
export const CAN = {
  queue: ['officer', 'pga_officer', 'admin'],
  act: ['officer', 'pga_officer', 'admin'],
  alerts: ['officer', 'admin', 'filer'],
  acknowledge: ['officer', 'admin'],
  adjudicate: ['officer', 'admin'],
  entities: ['officer', 'admin', 'filer'],
  trusted: ['officer', 'analyst', 'admin', 'filer'],
  benefits: ['officer', 'analyst', 'admin'],
  file: ['filer', 'admin'],
  webhooks: ['filer', 'admin'],
  upload: ['filer', 'admin'],
  refdata: ['filer', 'officer', 'pga_officer', 'analyst', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export const can = (p: Principal | null | undefined, what: keyof typeof CAN): boolean =>
  !!p && (CAN[what] as readonly Role[]).includes(p.role);
