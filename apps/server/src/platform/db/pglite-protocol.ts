/** Messages between the server and the embedded database's thread (pglite-proxy.ts ↔ pglite-worker.ts). */
export type WorkerRequest =
  | { id: number; op: 'query'; txId?: number; sql: string; params?: unknown[]; rowMode?: 'array' | 'object'; rawTypes?: number[] }
  | { id: number; op: 'exec'; txId?: number; sql: string }
  | { id: number; op: 'begin'; txId: number }
  | { id: number; op: 'end'; txId: number; commit: boolean }
  | { id: number; op: 'jsonRow'; name: string; sql: string; params: string[] }
  | { id: number; op: 'close' };

export type WorkerReply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { name: string; message: string; fields: Record<string, unknown> } }
  | { notify: string; payload: string }
  | { ready: true };
