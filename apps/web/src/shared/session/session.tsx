/**
 * The signed-in user of a surface: GET /api/me held in the surface's QueryClient under `meKey`
 * (refetched when the window regains focus, so a changed role or a revoked session shows), replaced
 * on sign-in, cleared on sign-out or when any request answers 401. Everything else cached belongs to
 * the user it was read for, so it is dropped whenever the user changes. The user's saved language
 * wins when they arrive; a switch while signed in is saved to the account.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, configureApiClient, ApiError } from '../api/client.ts';
import type { Language, Me, SignInResult } from '../api/types.ts';
import { applyLanguage, currentLanguage } from '../i18n/i18n.ts';
import { mayPerform } from './permissions.ts';

/** The query key of the signed-in user (null when nobody of this surface's kind is signed in). */
export const meKey = ['me'] as const;

export type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; me: Me };

export interface Session {
  state: SessionState;
  /** The user when signed in as the kind this surface serves, else null. */
  me: Me | null;
  /** True when the server lets the user perform every one of these policy actions (see `me.actions`). */
  can: (...actions: string[]) => boolean;
  /** Replaces the user after a successful sign-in and adopts their saved language. */
  completeSignIn: (result: SignInResult) => void;
  /** Replaces the user with a fresh `me` object returned by a change. */
  updateMe: (me: Me) => void;
  signOut: () => Promise<void>;
  /** Switches the UI language; saved to the account when signed in. */
  switchLanguage: (lang: Language) => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Drops every cached answer but the user's own: it was read for whoever was signed in before. */
function forgetOtherUsersData(client: QueryClient): void {
  client.removeQueries({ predicate: (query) => query.queryKey[0] !== meKey[0] });
}

/** Provides the session of one surface; `kind` is who that surface serves. */
export function SessionProvider({ kind, children }: { kind: Me['kind']; children: ReactNode }) {
  const client = useQueryClient();

  // A session of the other kind (a staff member opening the citizen app) counts as signed out here.
  const adopt = useCallback(
    (me: Me | null): Me | null => {
      if (!me || me.kind !== kind) return null;
      if (me.language && me.language !== currentLanguage()) applyLanguage(me.language);
      return me;
    },
    [kind],
  );

  // Bumped at every sign-in: a GET /api/me (or any request) sent before it and answered 401 on a slow
  // network must not sign the new session out.
  const signIns = useRef(0);

  const query = useQuery({
    queryKey: meKey,
    queryFn: async ({ signal }) => {
      const sentAt = signIns.current;
      try {
        return adopt(await api.get<Me>('/api/me', { signal }));
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
          return sentAt === signIns.current ? null : (client.getQueryData<Me | null>(meKey) ?? null);
        }
        throw error;
      }
    },
    // Unknown (the server unreachable) counts as signed out: the sign-in page says what is wrong.
    retry: false,
  });

  useEffect(() => {
    configureApiClient({
      session: () => signIns.current,
      onUnauthenticated: (sessionAtSend) => {
        if (sessionAtSend !== signIns.current) return;
        // Only a session that ended drops the data read for it: an anonymous visitor's 401 (GET /api/me
        // on a public page) must not remove the page's own public queries while they load.
        if (!client.getQueryData<Me | null>(meKey)) {
          if (client.getQueryData(meKey) === undefined) client.setQueryData(meKey, null);
          return;
        }
        forgetOtherUsersData(client);
        client.setQueryData(meKey, null);
      },
    });
  }, [client]);

  const { mutateAsync: sendSignOut } = useMutation({
    mutationFn: () => api.post<void>('/api/auth/sign-out'),
    onSettled: () => {
      forgetOtherUsersData(client);
      client.setQueryData(meKey, null);
    },
  });
  const { mutateAsync: saveLanguage } = useMutation({
    mutationFn: (lang: Language) => api.patch<Me>('/api/me', { language: lang }),
    onSuccess: (me, lang) => client.setQueryData<Me | null>(meKey, (current) => (me ?? (current ? { ...current, language: lang } : current))),
  });

  const me = query.data ?? null;
  const session = useMemo<Session>(
    () => ({
      state: query.isPending ? { status: 'loading' } : me ? { status: 'signed-in', me } : { status: 'anonymous' },
      me,
      can: (...actions) => mayPerform(me?.actions ?? [], actions),
      completeSignIn: (result) => {
        signIns.current += 1;
        forgetOtherUsersData(client);
        client.setQueryData(meKey, adopt(result.me));
      },
      updateMe: (next) => client.setQueryData(meKey, adopt(next)),
      signOut: async () => {
        // Signed out here whatever the server answers (the session may already be gone).
        await sendSignOut().catch(() => undefined);
      },
      switchLanguage: async (lang) => {
        applyLanguage(lang);
        if (me) await saveLanguage(lang);
      },
    }),
    [query.isPending, me, client, adopt, sendSignOut, saveLanguage],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The current surface's session. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/**
 * What a sign-in page does with the server's answer: adopt the user. The page does not navigate
 * itself: `SignedOutOnly` (guards.tsx) leaves it once the session says signed-in. Navigating in the
 * same turn rendered the target page with the old, anonymous session (TanStack Query tells React of
 * the new user a task later, React Router's navigation can render first) and its guard sent the user
 * straight back to the sign-in page.
 */
export function useFinishSignIn(): (result: SignInResult) => void {
  return useSession().completeSignIn;
}
