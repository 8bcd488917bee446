/** Who is signed in: GET /v1/session (null when not), sign-in and sign-out. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (key: string) => must(await api.POST('/v1/session', { body: { key } })),
    onSuccess: (s) => {
      setCsrf(s.csrf_token);
      qc.clear();
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
      qc.clear();
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
  refdata: ['filer', 'officer', 'pga_officer', 'analyst', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export const can = (p: Principal | null | undefined, what: keyof typeof CAN): boolean =>
  !!p && (CAN[what] as readonly Role[]).includes(p.role);
