/**
 * A standalone Open311 GeoReport v2 test client: exercises every endpoint of a running server in both
 * JSON and XML — discovery, services, each service definition, POST requests (form-encoded, with the
 * attributes of a service that has them), GET requests (list and one), tokens, the updates feed — and checks the shapes
 * the spec names. No dependencies beyond Node (fetch).
 *
 *   node apps/server/src/cli/open311-client.ts --base http://127.0.0.1:3000/api/open311/v2 --key <api key> [--jurisdiction 510603]
 *
 * Exits 1 when a check fails; prints one line per check.
 */

export interface ClientOptions {
  base: string;
  apiKey: string;
  jurisdiction?: string;
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

export interface ClientReport {
  checks: { name: string; ok: boolean; detail?: string }[];
  created: string[];
}

type Json = Record<string, unknown>;

/** Runs every check; never throws for a failed check (they are in the report). */
export async function runOpen311Client(o: ClientOptions): Promise<ClientReport> {
  const doFetch = o.fetch ?? fetch;
  const log = o.log ?? (() => {});
  const report: ClientReport = { checks: [], created: [] };
  const check = (name: string, ok: boolean, detail?: string) => {
    report.checks.push({ name, ok, detail });
    log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail && !ok ? ` — ${detail}` : ''}`);
  };
  const get = async (path: string) => {
    const res = await doFetch(`${o.base}${path}`);
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
  const json = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const key = `api_key=${encodeURIComponent(o.apiKey)}`;
  const isXml = (r: { type: string; text: string }, root: string) => r.type.includes('xml') && r.text.startsWith('<?xml') && r.text.includes(`<${root}>`) && r.text.includes(`</${root}>`);

  // Discovery
  const d = await get('/discovery.json');
  const disc = json(d.text) as Json | undefined;
  check('discovery.json', d.status === 200 && Array.isArray(disc?.endpoints) && (disc!.endpoints as Json[]).some((e) => (e.formats as string[]).includes('text/xml')));
  check('discovery.xml', isXml(await get('/discovery.xml'), 'discovery'));

  // Services and their definitions
  const s = await get('/services.json');
  const services = (json(s.text) as Json[] | undefined) ?? [];
  check('services.json', s.status === 200 && services.length > 0 && services.every((x) => typeof x.service_code === 'string' && typeof x.metadata === 'boolean' && x.type !== undefined));
  check('services.xml', isXml(await get('/services.xml'), 'services'));
  let withAttributes: { code: string; attributes: Json[] } | null = null;
  for (const svc of services) {
    const code = String(svc.service_code);
    const def = await get(`/services/${encodeURIComponent(code)}.json`);
    const body = json(def.text) as Json | undefined;
    const attrs = (body?.attributes as Json[] | undefined) ?? [];
    check(`services/${code}.json`, def.status === 200 && body?.service_code === code && Array.isArray(body?.attributes) && (svc.metadata === true) === attrs.length > 0);
    check(`services/${code}.xml`, isXml(await get(`/services/${encodeURIComponent(code)}.xml`), 'service_definition'));
    if (attrs.length && !withAttributes) withAttributes = { code, attributes: attrs };
  }
  const missing = await get('/services/NO-SUCH-SERVICE.json');
  const missingBody = json(missing.text) as Json[] | undefined;
  check('unknown service → 404 [{code, description}]', missing.status === 404 && Array.isArray(missingBody) && missingBody[0]?.code === 404 && typeof missingBody[0]?.description === 'string');
  check('unknown service → XML errors', isXml(await get('/services/NO-SUCH-SERVICE.xml'), 'errors'));

  // POST requests: a plain service, then one with attributes (each required attribute answered)
  const post = async (ext: 'json' | 'xml', fields: URLSearchParams) => {
    const res = await doFetch(`${o.base}/requests.${ext}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
  };
  const form = (service: string) => {
    const f = new URLSearchParams({ api_key: o.apiKey, service_code: service, address_string: 'Open311 测试客户端地址', description: `Open311 测试客户端提交 ${new Date().toISOString()}`, lat: '31.13', long: '104.39' });
    if (o.jurisdiction) f.set('jurisdiction_id', o.jurisdiction);
    return f;
  };
  const plain = services.find((x) => x.metadata === false);
  if (plain) {
    const r = await post('json', form(String(plain.service_code)));
    const body = json(r.text) as Json[] | undefined;
    const id = body?.[0]?.service_request_id;
    check('POST requests.json', r.status === 200 && typeof id === 'string', r.text.slice(0, 200));
    if (typeof id === 'string') report.created.push(id);
    const x = await post('xml', form(String(plain.service_code)));
    check('POST requests.xml', x.status === 200 && isXml(x, 'service_requests') && x.text.includes('<service_request_id>'), x.text.slice(0, 200));
    const m = /<service_request_id>([^<]+)<\/service_request_id>/.exec(x.text);
    if (m) report.created.push(m[1]);
  }
  if (withAttributes) {
    const f = form(withAttributes.code);
    for (const a of withAttributes.attributes) {
      if (!a.required) continue;
      const values = (a.values as { key: string }[] | undefined) ?? [];
      const answer = a.datatype === 'number' ? '1' : a.datatype === 'datetime' ? new Date().toISOString() : values.length ? values[0].key : '测试';
      if (a.datatype === 'multivaluelist') f.append(`attribute[${a.code}][]`, answer);
      else f.set(`attribute[${a.code}]`, answer);
    }
    const r = await post('json', f);
    const id = (json(r.text) as Json[] | undefined)?.[0]?.service_request_id;
    check(`POST requests.json with attributes (${withAttributes.code})`, r.status === 200 && typeof id === 'string', r.text.slice(0, 200));
    if (typeof id === 'string') report.created.push(id);
  }
  const bad = await post('json', new URLSearchParams({ api_key: o.apiKey, service_code: String(services[0]?.service_code ?? 'X'), description: '缺少地点' }));
  check('POST without a location → 400', bad.status === 400 && (json(bad.text) as Json[] | undefined)?.[0]?.code === 400);
  const noKey = await post('json', new URLSearchParams({ service_code: String(services[0]?.service_code ?? 'X'), address_string: 'x', description: '没有 api_key' }));
  check('POST without api_key → 403', noKey.status === 403);

  // GET requests: the list, each created one, tokens
  const list = await get(`/requests.json?${key}`);
  const rows = (json(list.text) as Json[] | undefined) ?? [];
  check('GET requests.json', list.status === 200 && report.created.every((id) => rows.some((r) => r.service_request_id === id)));
  check('GET requests.xml', isXml(await get(`/requests.xml?${key}`), 'service_requests'));
  check('GET requests.json?status=open', (await get(`/requests.json?${key}&status=open`)).status === 200);
  check('GET requests.json 91-day window → 400', (await get(`/requests.json?${key}&start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z`)).status === 400);
  for (const id of report.created) {
    const one = await get(`/requests/${encodeURIComponent(id)}.json?${key}`);
    const body = json(one.text) as Json[] | undefined;
    check(`GET requests/${id}.json`, one.status === 200 && body?.length === 1 && body[0].service_request_id === id && ['open', 'closed'].includes(String(body[0].status)));
    check(`GET requests/${id}.xml`, isXml(await get(`/requests/${encodeURIComponent(id)}.xml?${key}`), 'service_requests'));
    const tok = await get(`/tokens/${encodeURIComponent(id)}.json?${key}`);
    check(`GET tokens/${id}.json`, tok.status === 200 && (json(tok.text) as Json[] | undefined)?.[0]?.service_request_id === id);
    check(`GET tokens/${id}.xml`, isXml(await get(`/tokens/${encodeURIComponent(id)}.xml?${key}`), 'service_requests'));
  }
  // The updates feed (servicerequestupdates): the created requests' first step (待受理), in both formats.
  const upd = await get(`/servicerequestupdates.json?${key}`);
  const updates = (json(upd.text) as Json[] | undefined) ?? [];
  check('GET servicerequestupdates.json', upd.status === 200 && report.created.every((id) => updates.some((u) => u.service_request_id === id && u.external_status_code === 'submitted' && u.status === 'open')));
  check('GET servicerequestupdates.xml', isXml(await get(`/servicerequestupdates.xml?${key}`), 'service_request_updates'));
  check('GET requests/unknown.json → 404', (await get(`/requests/TK19990101-ZZZZZZ.json?${key}`)).status === 404);
  check('GET tokens/unknown.json → 404', (await get(`/tokens/TK19990101-ZZZZZZ.json?${key}`)).status === 404);
  return report;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const base = arg('base') ?? process.env.OPEN311_BASE;
  const apiKey = arg('key') ?? process.env.OPEN311_API_KEY;
  if (!base || !apiKey) {
    console.error('usage: node apps/server/src/cli/open311-client.ts --base http://host/api/open311/v2 --key <api key> [--jurisdiction 510603]');
    process.exit(2);
  }
  const report = await runOpen311Client({ base: base.replace(/\/$/, ''), apiKey, jurisdiction: arg('jurisdiction'), log: (l) => console.log(l) });
  const failed = report.checks.filter((c) => !c.ok).length;
  console.log(`${report.checks.length - failed}/${report.checks.length} checks passed`);
  process.exit(failed ? 1 : 0);
}
