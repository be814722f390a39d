/** Loading one thing for a staff page: the data, whether it is loading, the error message, and a reload. */
import { useCallback, useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { messageOf } from '../shared/api/errors.ts';

export interface Loaded<T> {
  data: T | null;
  loading: boolean;
  error: string | null;
  reload: () => Promise<void>;
  /** Replaces the data with what a change returned, without asking the server again. */
  setData: Dispatch<SetStateAction<T | null>>;
}

/** Calls `load` now and whenever it changes (wrap it in useCallback); `fallback` is the message when the server gives none. */
export function useLoad<T>(load: () => Promise<T>, fallback: string): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      setData(await load());
      setError(null);
    } catch (err) {
      setError(messageOf(err, fallback));
    } finally {
      setLoading(false);
    }
  }, [load, fallback]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, loading, error, reload, setData };
}
