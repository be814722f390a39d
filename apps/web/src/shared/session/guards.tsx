/** Route guards shared by the surfaces; each surface supplies its own loading and refusal screens. */
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useSession } from './session.tsx';
import { mayPerform } from './permissions.ts';
import { returnPathOf } from './return-path.ts';

/** Shows children only when signed in; otherwise sends the user to sign in and back afterwards. */
export function RequireSession({ signInPath, loading, children }: { signInPath: string; loading: ReactNode; children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <>{loading}</>;
  if (state.status === 'anonymous') {
    const from = location.pathname + location.search;
    return <Navigate to={`${signInPath}?from=${encodeURIComponent(from)}`} replace />;
  }
  return <>{children}</>;
}

/**
 * Wraps a sign-in page: shown while nobody is signed in; once somebody is (just now, or already when
 * they open it), goes where they were going (`from`) or `home`. A sign-out needs no navigation either:
 * RequireSession sends the user here.
 */
export function SignedOutOnly({ home, children }: { home: string; children: ReactNode }) {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'signed-in') return <Navigate to={returnPathOf(location.search, home)} replace />;
  return <>{children}</>;
}

/** Shows children only to users the server lets perform every one of the actions; others see `refused`. */
export function RequireActions({ actions, refused, children }: { actions?: readonly string[]; refused: ReactNode; children: ReactNode }) {
  const { me } = useSession();
  if (!me || !mayPerform(me.actions, actions)) return <>{refused}</>;
  return <>{children}</>;
}
