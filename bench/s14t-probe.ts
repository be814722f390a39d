import { openDatabase } from '../apps/server/src/platform/db/database.ts';
import { ensureScanPartitions } from '../apps/server/src/modules/venues/venues.partitions.ts';
const url = 'postgresql://fangxian:fangxian@127.0.0.1:5432/fx_s14t_probe';
const d = await openDatabase({ url, dataDir: '', poolSize: 2 });
const days: string[] = [];
for (let i = -30; i <= 8; i++) { const t = new Date(Date.now() + 8 * 3600_000 + i * 86_400_000); days.push(t.toISOString().slice(0, 10)); }
await ensureScanPartitions(d.db, days);
await d.close();
