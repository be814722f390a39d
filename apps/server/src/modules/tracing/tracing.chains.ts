import { dayOf, divisionPrefix, isDay } from '@fangxian/contracts/kernel';
import { assertInScope, asStaff } from '../../platform/access/policy.ts';
import type { Principal } from '../../platform/access/principal.ts';
import { appendAudit, recordAudit } from '../../platform/audit/audit.service.ts';
import { isDivisionCode } from '../../platform/divisions/index.ts';
import { AppError, CommonErrors } from '../../platform/http/errors.ts';
import type { AppContext } from '../../platform/http/context.ts';
import type { RequestMeta } from '../../platform/identity/request-meta.ts';
import { maskName } from '../../platform/crypto/masking.ts';
import { venueById } from '../venues/index.ts';
import { TracingErrors } from './tracing.errors.ts';
import * as repo from './tracing.repository.ts';
import { publicLabel, type CaseStatus } from './tracing.rules.ts';

/**
 * Clusters (聚集性疫情) with their exposure event, and transmission chains: cases and confirmed
 * contacts as a graph — case → contact (a co-presence contact, with the exposure as evidence) and
 * case → case when a contact became a case (escalation), filterable by cluster and report dates.
 */

const auditBase = (actor: Principal, meta: RequestMeta) => ({ actor, ip: meta.ip, requestId: meta.requestId });

export interface ChainNode {
  id: string;
  kind: 'case' | 'contact';
  label: string;
  status: string;
  clusterId: string | null;
  day: string | null;
}

export interface ChainEdge {
  from: string;
  to: string;
  kind: 'contact' | 'infected';
  evidence: { venueId: string | null; venueName: string | null; overlapMinutes: number; lastExposureAt: string | null; reason: string };
}

/**
 * The graph of some cases and their confirmed contacts (pure): a contact that became one of these
 * cases (sourceContactId) is drawn as an edge case → case ("infected"), the others as contact nodes.
 */
export function buildChain(
  cases: readonly Pick<repo.CaseRow, 'id' | 'status' | 'publicNumber' | 'clusterId' | 'reportDate' | 'sourceContactId'>[],
  contacts: readonly Pick<repo.ContactRow, 'id' | 'caseId' | 'level' | 'venueId' | 'overlapMinutes' | 'lastExposureAt' | 'reason' | 'decidedAt'>[],
  labels: { caseLabel: (id: string) => string; contactLabel: (id: string) => string; venueName: (id: string | null) => string | null },
): { nodes: ChainNode[]; edges: ChainEdge[] } {
  const caseIds = new Set(cases.map((c) => c.id));
  const becameCase = new Map(cases.filter((c) => c.sourceContactId).map((c) => [c.sourceContactId!, c.id]));
  const nodes: ChainNode[] = cases.map((c) => ({ id: `case:${c.id}`, kind: 'case', label: labels.caseLabel(c.id), status: c.status, clusterId: c.clusterId, day: c.reportDate }));
  const edges: ChainEdge[] = [];
  for (const k of contacts) {
    if (!caseIds.has(k.caseId)) continue;
    const evidence = { venueId: k.venueId, venueName: labels.venueName(k.venueId), overlapMinutes: k.overlapMinutes, lastExposureAt: k.lastExposureAt?.toISOString() ?? null, reason: k.reason };
    const target = becameCase.get(k.id);
    if (target) {
      edges.push({ from: `case:${k.caseId}`, to: `case:${target}`, kind: 'infected', evidence });
    } else {
      nodes.push({ id: `contact:${k.id}`, kind: 'contact', label: labels.contactLabel(k.id), status: k.level ?? 'general', clusterId: null, day: dayOf(k.decidedAt) }); // the China day of the decision (not the UTC one: they differ 00:00–08:00 China time)
      edges.push({ from: `case:${k.caseId}`, to: `contact:${k.id}`, kind: 'contact', evidence });
    }
  }
  return { nodes, edges };
}

/** Creates a cluster in one's region (audited). */
export async function createCluster(ctx: AppContext, principal: Principal, input: { name: string; event: string; regionCode: string }, meta: RequestMeta): Promise<repo.ClusterRow> {
  const staff = asStaff(principal);
  if (!isDivisionCode(input.regionCode)) throw new AppError(TracingErrors.TRACING_DIVISION_UNKNOWN, { divisionCode: input.regionCode });
  assertInScope(staff, input.regionCode);
  return ctx.db.transaction(async (tx) => {
    const row = await repo.insertCluster(tx, { name: input.name.trim(), event: input.event.trim(), regionCode: input.regionCode, createdBy: staff.staffId });
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'tracing.cluster.create', subjectType: 'tracing_cluster', subjectId: row.id, regionCode: row.regionCode });
    return row;
  });
}

export async function listClusters(ctx: AppContext, principal: Principal) {
  const staff = asStaff(principal);
  return repo.clustersWithCounts(ctx.db, divisionPrefix(staff.regionCode));
}

/** Puts a case into a cluster (or takes it out with null); the cluster must be in one's scope. */
export async function assignCluster(ctx: AppContext, principal: Principal, caseId: string, clusterId: string | null, meta: RequestMeta): Promise<repo.CaseRow> {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const theCase = await repo.findCase(tx, caseId, { lock: true });
    if (!theCase) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, theCase.regionCode);
    if (clusterId) {
      const cluster = await repo.findCluster(tx, clusterId);
      if (!cluster) throw new AppError(TracingErrors.TRACING_CLUSTER_UNKNOWN);
      assertInScope(staff, cluster.regionCode);
    }
    const row = await repo.updateCase(tx, caseId, { clusterId });
    await appendAudit(tx, { ...auditBase(staff, meta), action: 'tracing.case.cluster', subjectType: 'tracing_case', subjectId: caseId, regionCode: theCase.regionCode, detail: { clusterId } });
    return row;
  });
}

/** The transmission chains of one's region (optionally one cluster, report dates from–to), masked and audited. */
export async function chains(ctx: AppContext, principal: Principal, query: { clusterId?: string; from?: string; to?: string }, meta: RequestMeta) {
  const staff = asStaff(principal);
  for (const field of ['from', 'to'] as const) if (query[field] && !isDay(query[field]!)) throw new AppError(TracingErrors.TRACING_DATES_INVALID, { field });
  const cases = await repo.chainCases(ctx.db, { prefix: divisionPrefix(staff.regionCode), clusterId: query.clusterId, from: query.from, to: query.to, limit: 1000 });
  const contacts = await repo.contactsOfCases(ctx.db, cases.map((c) => c.id));
  const people = new Map((await repo.citizensByIds(ctx.db, [...new Set(contacts.map((c) => c.citizenId))])).map((p) => [p.id, p]));
  const venues = new Map<string, string | null>();
  for (const id of new Set(contacts.map((c) => c.venueId).filter((v): v is string => !!v))) venues.set(id, (await venueById(ctx.db, id))?.name ?? null);
  const byCase = new Map(cases.map((c) => [c.id, c]));
  const byContact = new Map(contacts.map((c) => [c.id, c]));
  const graph = buildChain(cases, contacts, {
    caseLabel: (id) => {
      const c = byCase.get(id)!;
      const name = maskName(ctx.cipher.decrypt(c.nameCipher));
      return c.publicNumber !== null ? `${publicLabel(c.status as CaseStatus, c.publicNumber)} ${name}` : name;
    },
    contactLabel: (id) => maskName(ctx.cipher.decrypt(people.get(byContact.get(id)!.citizenId)?.nameCipher ?? null)) || '—',
    venueName: (id) => (id ? (venues.get(id) ?? null) : null),
  });
  await recordAudit(ctx.db, { ...auditBase(staff, meta), action: 'tracing.chain.read', subjectType: 'tracing_case', regionCode: staff.regionCode, detail: { nodes: graph.nodes.length, clusterId: query.clusterId ?? null } });
  return graph;
}

/** The chain's edges as CSV (UTF-8 with BOM for Excel). */
export function chainCsv(graph: { nodes: ChainNode[]; edges: ChainEdge[] }): string {
  const label = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const q = (v: string | number | null) => `"${String(v ?? '').replace(/"/g, '""')}"`;
  const lines = [['来源', '去向', '关系', '场所', '重叠分钟', '最后接触', '依据'].map(q).join(',')];
  for (const e of graph.edges) {
    lines.push([label.get(e.from) ?? e.from, label.get(e.to) ?? e.to, e.kind === 'infected' ? '传播' : '密接', e.evidence.venueName, e.evidence.overlapMinutes, e.evidence.lastExposureAt, e.evidence.reason].map(q).join(','));
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
