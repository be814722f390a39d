import type { ChangeChannel, ChangeFeed, ChangeListener } from './change-feed.ts';

/**
 * A change feed driven by hand, for unit tests of caches built on the feed (ChangeCache and its
 * users): `announce` plays a trigger's NOTIFY, `live` can be switched off like a lost LISTEN
 * connection. Integration tests use the real feed of a real database.
 */
export interface ManualChangeFeed extends ChangeFeed {
  live: boolean;
  announce(channel: ChangeChannel, key: string): void;
}

export function manualChangeFeed(): ManualChangeFeed {
  const listeners = new Map<string, Set<ChangeListener>>();
  return {
    live: true,
    stats: { delivered: 0, interruptions: 0 },
    on(channel, listener) {
      let set = listeners.get(channel);
      if (!set) listeners.set(channel, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    onError: () => () => {},
    announce(channel, key) {
      this.stats.delivered++;
      for (const l of listeners.get(channel) ?? []) l(key);
    },
    async close() {},
  };
}
