import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * Channels the database announces changes on (triggers in drizzle/0001_change_feed.sql). The
 * payload is the key that changed, or '*' when everything on the channel may have changed.
 * - fx_citizen: a person's identity (citizens) or code state (health_codes) changed — key = citizen
 *   id; '*' when the risk-area registry or the rule sets changed (everybody's code may differ).
 * - fx_venue: a venue changed (status, poster version, secret…) — key = venue id (drizzle/0005).
 * - fx_identity: a session, staff account or citizen changed (not on INSERT: a new row cannot be
 *   cached yet) — key = the session id (its token's hash) or the account's / citizen's id (drizzle/0010).
 * - fx_issuer: the trusted other issuers' keys changed — always '*' (drizzle/0013).
 * - fx_checkin: a check-in membership changed — key = the member's citizen id; '*' when an
 *   organisation changed (its forms are in every member's cached forms) (drizzle/0037).
 * - fx_tracing: published itineraries or the tracing settings may have changed (itinerary points,
 *   cases, stay per venue type, windows) — always '*' (drizzle/0041).
 */
export const CHANGE_CHANNELS = ['fx_citizen', 'fx_venue', 'fx_identity', 'fx_issuer', 'fx_checkin', 'fx_tracing'] as const;
export type ChangeChannel = (typeof CHANGE_CHANNELS)[number];

/** Called with the changed key, or '*' for "forget everything" (also sent when the feed was interrupted). */
export type ChangeListener = (key: string) => void;

/** Told why the feed is not live (a lost LISTEN connection, a failed reconnect), for the app's log. */
export type FeedErrorListener = (err: unknown, message: string) => void;

/**
 * Tells in-process caches what changed in the database, from triggers that NOTIFY on COMMIT.
 * Embedded PGlite: delivered in this process during the COMMIT itself (before the writer's promise
 * settles), and nothing else writes the data directory, so the feed is always live. PostgreSQL
 * server: a dedicated LISTEN connection receives every instance's commits a moment after they
 * happen; while that connection is down the feed is not live and caches must read through.
 */
export interface ChangeFeed {
  /** Whether every committed change is being delivered right now. */
  readonly live: boolean;
  /** Subscribes to a channel; returns the unsubscribe function. */
  on(channel: ChangeChannel, listener: ChangeListener): () => void;
  /** Subscribes to the feed's failures (none on the embedded database); returns the unsubscribe function. */
  onError(listener: FeedErrorListener): () => void;
  /** Notifications delivered (tests, metrics). */
  readonly stats: { delivered: number; interruptions: number };
  close(): Promise<void>;
}

class Listeners {
  private readonly byChannel = new Map<string, Set<ChangeListener>>();
  readonly stats = { delivered: 0, interruptions: 0 };

  on(channel: string, listener: ChangeListener): () => void {
    let set = this.byChannel.get(channel);
    if (!set) this.byChannel.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  deliver(channel: string, key: string): void {
    this.stats.delivered++;
    for (const l of this.byChannel.get(channel) ?? []) l(key);
  }

  /** Everything may have changed (connection lost or regained): every listener forgets everything. */
  reset(): void {
    for (const set of this.byChannel.values()) for (const l of set) l('*');
  }
}

/** The change feed of an embedded PGlite database. */
export async function pgliteChangeFeed(client: PGlite): Promise<ChangeFeed> {
  const listeners = new Listeners();
  const unlisten: (() => Promise<void>)[] = [];
  for (const channel of CHANGE_CHANNELS) {
    unlisten.push(await client.listen(channel, (payload) => listeners.deliver(channel, payload)));
  }
  return {
    live: true,
    on: (channel, listener) => listeners.on(channel, listener),
    onError: () => () => {}, // in-process: nothing to lose
    stats: listeners.stats,
    async close() {
      listeners.reset();
    },
  };
}

/**
 * A PostgreSQL server's feed, which can also be told of notifications another connection of this
 * instance received (`listenOnPoolClient`): the pool connections listen on the channels whose caches
 * must see this instance's own writes before the writer's promise settles.
 */
export interface PostgresChangeFeed extends ChangeFeed {
  /** Delivers a notification received on another connection of this instance (duplicates are harmless: a drop is idempotent). */
  deliver(channel: string, key: string): void;
}

/**
 * Channels every pool connection of a PostgreSQL server also LISTENs on. PostgreSQL sends a session
 * the notifications of its own transaction before the COMMIT's answer (ReadyForQuery), so a cache on
 * these channels drops an entry changed by this instance before the writer's promise settles — the
 * embedded database's guarantee, for any write made through the pool (a route, a job, direct SQL).
 * Only fx_identity: the principal cache must apply sign-out, revocation and permission changes on the
 * very next request; its traffic is small (no announcement on INSERT: sign-ins are silent).
 */
export const POOL_LISTEN_CHANNELS: readonly ChangeChannel[] = ['fx_identity'];

/**
 * Makes a freshly connected pool client LISTEN on POOL_LISTEN_CHANNELS and hand `deliver` what its own
 * transactions announce (others' announcements reach this instance through the feed's connection, so
 * each change is delivered once: the feed skips what this instance's pool backends announced on these
 * channels — `ownBackends`, kept by the pool's connect and remove events).
 */
export async function listenOnPoolClient(client: pg.ClientBase, deliver: (channel: string, key: string) => void): Promise<void> {
  const self = (client as unknown as { processID: number | null }).processID;
  client.on('notification', (msg) => {
    if (msg.processId === self) deliver(msg.channel, msg.payload ?? '*');
  });
  // Run from the pool's onConnect hook: the client is handed out only once it listens (a failed LISTEN
  // fails that checkout rather than leaving a connection whose commits the caches would not hear).
  for (const channel of POOL_LISTEN_CHANNELS) await client.query(`LISTEN ${channel}`);
}

/**
 * The change feed of a PostgreSQL server: one LISTEN connection per instance, reconnected with
 * back-off. Between losing the connection and listening again changes may be missed, so the feed
 * reports not live (caches read through) and tells every listener to forget everything twice:
 * when the connection is lost and again once listening resumes.
 */
export async function postgresChangeFeed(url: string, options: { retryMs?: number; ownBackends?: ReadonlySet<number> } = {}): Promise<PostgresChangeFeed> {
  const own = options.ownBackends;
  const poolChannels = new Set<string>(POOL_LISTEN_CHANNELS);
  const listeners = new Listeners();
  let client: pg.Client | null = null;
  let live = false;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let delay = options.retryMs ?? 500;
  const errorListeners = new Set<FeedErrorListener>();
  const report = (err: unknown, message: string) => {
    for (const l of errorListeners) l(err, message);
  };
  let lastError: unknown = null;

  const lost = () => {
    if (live) {
      listeners.stats.interruptions++;
      report(lastError ?? new Error('connection ended'), 'change feed: LISTEN connection lost; caches read through until it is back');
    }
    lastError = null;
    live = false;
    listeners.reset();
    client = null;
    if (!closed && !retry) {
      retry = setTimeout(() => {
        retry = null;
        void connect();
      }, delay);
      retry.unref();
      delay = Math.min(delay * 2, 10_000);
    }
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('error', (err) => {
      if (client === c) lastError = err; // followed by 'end', which reports it
    });
    c.on('end', () => {
      if (client === c) lost();
    });
    c.on('notification', (msg) => {
      if (client !== c) return;
      // Announced by one of this instance's pool connections on a channel they listen on: already delivered before its COMMIT answered.
      if (own?.has(msg.processId) && poolChannels.has(msg.channel)) return;
      listeners.deliver(msg.channel, msg.payload ?? '*');
    });
    try {
      await c.connect();
      for (const channel of CHANGE_CHANNELS) await c.query(`LISTEN ${channel}`);
    } catch (err) {
      if (!closed) report(err, `change feed: could not listen; retrying in ${delay} ms`);
      await c.end().catch(() => {});
      if (client === null) lost();
      return;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    delay = options.retryMs ?? 500;
    listeners.reset(); // whatever was cached before listening started may be stale
    live = true;
  };

  await connect();
  return {
    get live() {
      return live;
    },
    on: (channel, listener) => listeners.on(channel, listener),
    deliver: (channel, key) => listeners.deliver(channel, key),
    onError(listener) {
      errorListeners.add(listener);
      return () => errorListeners.delete(listener);
    },
    stats: listeners.stats,
    async close() {
      closed = true;
      live = false;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      listeners.reset();
      await c?.end().catch(() => {});
    },
  };
}
