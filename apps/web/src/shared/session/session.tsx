/**
 * The signed-in user of a surface: loaded from GET /api/me, replaced on sign-in, cleared on
 * sign-out or when any request answers 401. The user's saved language wins on sign-in; a switch
 * while signed in is saved to the account.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, configureApiClient, ApiError } from '../api/client.ts';
import type { Language, Me, SignInResult } from '../api/types.ts';
import { applyLanguage, currentLanguage } from '../i18n/i18n.ts';

export type SessionState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; me: Me };

export interface Session {
  state: SessionState;
  /** The user when signed in as the kind this surface serves, else null. */
  me: Me | null;
  /** Reloads the user (after a change such as real-name registration). */
  refresh: () => Promise<void>;
  /** Replaces the user after a successful sign-in and adopts their saved language. */
  completeSignIn: (result: SignInResult) => void;
  /** Replaces the user with a fresh `me` object returned by a change. */
  updateMe: (me: Me) => void;
  signOut: () => Promise<void>;
  /** Switches the UI language; saved to the account when signed in. */
  switchLanguage: (lang: Language) => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

/** Provides the session of one surface; `kind` is who that surface serves. */
export function SessionProvider({ kind, children }: { kind: Me['kind']; children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const adopt = useCallback(
    (me: Me | null) => {
      // A session of the other kind (a staff member opening the citizen app) counts as signed out here.
      if (!me || me.kind !== kind) {
        setState({ status: 'anonymous' });
        return;
      }
      if (me.language && me.language !== currentLanguage()) applyLanguage(me.language);
      setState({ status: 'signed-in', me });
    },
    [kind],
  );

  const refresh = useCallback(async () => {
    try {
      adopt(await api.get<Me>('/api/me'));
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) adopt(null);
      else throw error;
    }
  }, [adopt]);

  useEffect(() => {
    configureApiClient({ onUnauthenticated: () => setState({ status: 'anonymous' }) });
    refresh().catch(() => setState({ status: 'anonymous' }));
  }, [refresh]);

  const session = useMemo<Session>(
    () => ({
      state,
      me: state.status === 'signed-in' ? state.me : null,
      refresh,
      completeSignIn: (result) => adopt(result.me),
      updateMe: (me) => adopt(me),
      signOut: async () => {
        try {
          await api.post<void>('/api/auth/sign-out');
        } finally {
          setState({ status: 'anonymous' });
        }
      },
      switchLanguage: async (lang) => {
        applyLanguage(lang);
        if (state.status === 'signed-in') {
          const me = await api.patch<Me>('/api/me', { language: lang });
          setState({ status: 'signed-in', me: me ?? { ...state.me, language: lang } });
        }
      },
    }),
    [state, refresh, adopt],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/** The current surface's session. */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
