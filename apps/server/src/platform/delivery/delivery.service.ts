import { randomInt, randomUUID } from 'node:crypto';
import { divisionPrefix } from '@fangxian/contracts/kernel';
import { and, asc, desc, eq, inArray, isNull, like, type SQL } from 'drizzle-orm';
import { assertInScope, asStaff } from '../access/policy.ts';
import type { Principal } from '../access/principal.ts';
import { appendAudit, recordAudit } from '../audit/audit.service.ts';
import { maskAddress, maskName, maskPhone } from '../crypto/masking.ts';
import type { DbOrTx, Tx } from '../db/database.ts';
import { isDivisionCode } from '../divisions/index.ts';
import type { AppContext } from '../http/context.ts';
import { AppError, CommonErrors } from '../http/errors.ts';
import type { RequestMeta } from '../identity/request-meta.ts';
import { adapterForCarrier, CARRIER_ADAPTERS, type CarrierUpdate } from './delivery.adapter.ts';
import { DeliveryErrors } from './delivery.errors.ts';
import { nextStatus, type ShipmentDirection, type ShipmentStatus } from './delivery.rules.ts';
import { deliveryAddresses, deliveryOutbox, shipmentEvents, shipments } from './delivery.tables.ts';

export type AddressRow = typeof deliveryAddresses.$inferSelect;
export type ShipmentRow = typeof shipments.$inferSelect;
export type ShipmentEventRow = typeof shipmentEvents.$inferSelect;
export type OutboxRow = typeof deliveryOutbox.$inferSelect;
type Citizen = Extract<Principal, { kind: 'citizen' }>;
type Actor = Principal | { kind: 'system'; id: string };

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
function newNumber(now: Date): string {
  const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return `SH${day}-${Array.from({ length: 6 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')}`;
}

// ------------------------------------------------------------------------------------------------
// Addresses (the citizen's own, shown to them in full)

export interface AddressInput {
  recipient: string;
  phone: string;
  address: string;
  regionCode: string;
}

/** Saves one of the citizen's delivery addresses, encrypted. */
export async function saveAddress(ctx: AppContext, citizen: Citizen, input: AddressInput): Promise<AddressRow> {
  return saveAddressIn(ctx, ctx.db, citizen.citizenId, input);
}

/** saveAddress in the caller's transaction (a module saves the address an applicant gave it, e.g. for a result shipment). */
export async function saveAddressIn(ctx: AppContext, db: DbOrTx, citizenId: string, input: AddressInput): Promise<AddressRow> {
  if (!isDivisionCode(input.regionCode)) throw new AppError(DeliveryErrors.DELIVERY_DIVISION_UNKNOWN, { regionCode: input.regionCode });
  const [row] = await db
    .insert(deliveryAddresses)
    .values({
      citizenId, regionCode: input.regionCode, recipientCipher: ctx.cipher.encrypt(input.recipient.trim())!,
      phoneCipher: ctx.cipher.encrypt(input.phone.trim())!, addressCipher: ctx.cipher.encrypt(input.address.trim())!,
    })
    .returning();
  return row;
}

/** The citizen's addresses, newest first. */
export async function addressesOf(ctx: AppContext, citizen: Citizen): Promise<AddressRow[]> {
  return ctx.db.select().from(deliveryAddresses).where(and(eq(deliveryAddresses.citizenId, citizen.citizenId), isNull(deliveryAddresses.deletedAt))).orderBy(desc(deliveryAddresses.createdAt));
}

/** Deletes one of the citizen's addresses (kept for the shipments that used it). */
export async function deleteAddress(ctx: AppContext, citizen: Citizen, id: string): Promise<void> {
  const done = await ctx.db
    .update(deliveryAddresses)
    .set({ deletedAt: new Date() })
    .where(and(eq(deliveryAddresses.id, id), eq(deliveryAddresses.citizenId, citizen.citizenId), isNull(deliveryAddresses.deletedAt)))
    .returning({ id: deliveryAddresses.id });
  if (done.length === 0) throw new AppError(CommonErrors.NOT_FOUND);
}

// ------------------------------------------------------------------------------------------------
// Shipments

/** What a module (or an officer) asks to ship. */
export interface ShipmentInput {
  /** outbound: the applicant sends materials to the department; return: the department sends the result to the applicant. */
  direction: ShipmentDirection;
  /** The applicant's chosen address (theirs: the shipment's citizen is its owner). */
  addressId: string;
  regionCode: string;
  department: string;
  departmentAddress?: string | null;
  contents: string;
  /** A carrier with an adapter gets its waybill from the adapter; any other needs `trackingNumber`. */
  carrier: string;
  trackingNumber?: string | null;
  sourceType?: string | null;
  sourceId?: string | null;
}

/**
 * Creates a shipment in the caller's transaction: snapshots the applicant's address (ciphertexts),
 * gets the tracking number from the carrier's adapter (the local adapter writes its outbox) or takes
 * the one entered, records `created` on the timeline, and audits `delivery.shipment.create`.
 */
export async function createShipmentIn(ctx: AppContext, tx: Tx, actor: Actor, input: ShipmentInput, meta?: RequestMeta, now: Date = new Date()): Promise<ShipmentRow> {
  if (!isDivisionCode(input.regionCode)) throw new AppError(DeliveryErrors.DELIVERY_DIVISION_UNKNOWN, { regionCode: input.regionCode });
  if (actor.kind === 'staff') assertInScope(actor, input.regionCode);
  const [address] = await tx.select().from(deliveryAddresses).where(and(eq(deliveryAddresses.id, input.addressId), isNull(deliveryAddresses.deletedAt)));
  if (!address) throw new AppError(DeliveryErrors.DELIVERY_ADDRESS_UNKNOWN);
  const entered = input.trackingNumber?.trim() || null;
  const adapter = entered ? null : adapterForCarrier(input.carrier);
  if (!entered && !adapter) throw new AppError(DeliveryErrors.DELIVERY_CARRIER_UNKNOWN, { carrier: input.carrier });
  const id = randomUUID();
  const applicantEnd = `${maskName(ctx.cipher.decrypt(address.recipientCipher))} ${maskPhone(ctx.cipher.decrypt(address.phoneCipher))} ${maskAddress(ctx.cipher.decrypt(address.addressCipher))}`;
  const departmentEnd = `${input.department} ${input.departmentAddress ?? ''}`.trim();
  const trackingNumber = entered ?? (await adapter!.createWaybill(tx, {
    shipmentId: id, regionCode: input.regionCode, carrier: input.carrier, direction: input.direction, contents: input.contents,
    from: input.direction === 'outbound' ? applicantEnd : departmentEnd, to: input.direction === 'outbound' ? departmentEnd : applicantEnd,
  })).trackingNumber;
  const [taken] = await tx.select({ id: shipments.id }).from(shipments).where(and(eq(shipments.carrier, input.carrier), eq(shipments.trackingNumber, trackingNumber)));
  if (taken) throw new AppError(DeliveryErrors.DELIVERY_TRACKING_TAKEN);
  const [row] = await tx
    .insert(shipments)
    .values({
      id, number: newNumber(now), direction: input.direction, status: 'created', regionCode: input.regionCode, department: input.department,
      departmentAddress: input.departmentAddress ?? null, citizenId: address.citizenId, addressId: address.id, recipientCipher: address.recipientCipher,
      phoneCipher: address.phoneCipher, addressCipher: address.addressCipher, contents: input.contents, sourceType: input.sourceType ?? null,
      sourceId: input.sourceId ?? null, carrier: input.carrier, adapter: adapter?.name ?? 'manual', trackingNumber,
      createdBy: actor.kind === 'staff' ? actor.staffId : null, createdAt: now, updatedAt: now,
    })
    .returning();
  await tx.insert(shipmentEvents).values({ shipmentId: id, regionCode: row.regionCode, status: 'created', source: 'system', externalId: 'created', at: now });
  await appendAudit(tx, {
    actor, action: 'delivery.shipment.create', subjectType: 'shipment', subjectId: id, regionCode: row.regionCode,
    detail: { number: row.number, direction: row.direction, carrier: row.carrier, adapter: row.adapter, sourceType: row.sourceType, sourceId: row.sourceId },
    ip: meta?.ip, requestId: meta?.requestId,
  });
  return row;
}

/** createShipmentIn in its own transaction. */
export async function createShipment(ctx: AppContext, actor: Actor, input: ShipmentInput, meta?: RequestMeta): Promise<ShipmentRow> {
  return ctx.db.transaction((tx) => createShipmentIn(ctx, tx, actor, input, meta));
}

/**
 * Records a status update on a shipment's timeline. Idempotent: the same `externalId` twice is
 * recorded once (`duplicate: true`, nothing changes); the status only moves forward (delivery.rules.ts).
 */
export async function recordShipmentStatus(
  tx: Tx,
  shipment: ShipmentRow,
  update: { status: ShipmentStatus; externalId: string; source: 'officer' | 'carrier' | 'system'; at: Date; note?: string | null },
): Promise<{ row: ShipmentRow; duplicate: boolean }> {
  const inserted = await tx
    .insert(shipmentEvents)
    .values({ shipmentId: shipment.id, regionCode: shipment.regionCode, status: update.status, source: update.source, externalId: update.externalId, note: update.note ?? null, at: update.at })
    .onConflictDoNothing()
    .returning({ id: shipmentEvents.id });
  if (inserted.length === 0) return { row: shipment, duplicate: true };
  const status = nextStatus(shipment.status as ShipmentStatus, update.status);
  if (status === shipment.status) return { row: shipment, duplicate: false };
  const [row] = await tx.update(shipments).set({ status, updatedAt: new Date() }).where(eq(shipments.id, shipment.id)).returning();
  return { row, duplicate: false };
}

/** A carrier's status callback through its adapter (the route holds an API key with delivery.carrier-update). */
export async function receiveCarrierUpdate(ctx: AppContext, adapterName: string, body: unknown): Promise<{ row: ShipmentRow; duplicate: boolean }> {
  const adapter = CARRIER_ADAPTERS.find((a) => a.name === adapterName);
  if (!adapter) throw new AppError(CommonErrors.NOT_FOUND);
  const update: CarrierUpdate | null = adapter.parseUpdate(body);
  if (!update || Number.isNaN(update.at.getTime())) throw new AppError(CommonErrors.VALIDATION_FAILED);
  return ctx.db.transaction(async (tx) => {
    const [shipment] = await tx.select().from(shipments).where(and(eq(shipments.adapter, adapter.name), eq(shipments.trackingNumber, update.trackingNumber))).for('update');
    if (!shipment) throw new AppError(DeliveryErrors.DELIVERY_SHIPMENT_UNKNOWN);
    return recordShipmentStatus(tx, shipment, { status: update.status, externalId: `carrier:${update.eventId}`, source: 'carrier', at: update.at, note: update.note });
  });
}

/** An officer enters a status (from the carrier's tracking page, or for the local adapter), audited. */
export async function recordStatusAsOfficer(
  ctx: AppContext, principal: Principal, id: string, input: { status: ShipmentStatus; note?: string | null; eventId?: string | null }, meta: RequestMeta,
): Promise<{ row: ShipmentRow; duplicate: boolean }> {
  const staff = asStaff(principal);
  return ctx.db.transaction(async (tx) => {
    const [shipment] = await tx.select().from(shipments).where(eq(shipments.id, id)).for('update');
    if (!shipment) throw new AppError(CommonErrors.NOT_FOUND);
    assertInScope(staff, shipment.regionCode);
    const result = await recordShipmentStatus(tx, shipment, { status: input.status, externalId: `officer:${input.eventId ?? randomUUID()}`, source: 'officer', at: new Date(), note: input.note?.trim() || null });
    if (!result.duplicate) {
      await appendAudit(tx, { actor: staff, action: 'delivery.shipment.update', subjectType: 'shipment', subjectId: id, regionCode: shipment.regionCode, detail: { status: input.status, now: result.row.status }, ip: meta.ip, requestId: meta.requestId });
    }
    return result;
  });
}

/** A shipment's timeline, oldest first. */
export async function timelineOf(ctx: AppContext, shipmentIds: string[]): Promise<Map<string, ShipmentEventRow[]>> {
  const map = new Map<string, ShipmentEventRow[]>();
  if (shipmentIds.length === 0) return map;
  const rows = await ctx.db.select().from(shipmentEvents).where(inArray(shipmentEvents.shipmentId, shipmentIds)).orderBy(asc(shipmentEvents.at), asc(shipmentEvents.recordedAt));
  for (const r of rows) map.set(r.shipmentId, [...(map.get(r.shipmentId) ?? []), r]);
  return map;
}

/** A module's shipments for one source (e.g. an application). */
export async function shipmentsOfSource(ctx: AppContext, sourceType: string, sourceId: string): Promise<ShipmentRow[]> {
  return ctx.db.select().from(shipments).where(and(eq(shipments.sourceType, sourceType), eq(shipments.sourceId, sourceId))).orderBy(desc(shipments.createdAt));
}

/** The citizen's own shipments, newest first. */
export async function shipmentsOfCitizen(ctx: AppContext, citizen: Citizen): Promise<ShipmentRow[]> {
  return ctx.db.select().from(shipments).where(eq(shipments.citizenId, citizen.citizenId)).orderBy(desc(shipments.createdAt)).limit(100);
}

const scopeOf = (regionCode: string, column: typeof shipments.regionCode | typeof deliveryOutbox.regionCode): SQL | undefined =>
  regionCode ? like(column, `${divisionPrefix(regionCode)}%`) : undefined;

/** Shipments of the officer's region, newest first (addresses masked by the presenter; the read is audited). */
export async function shipmentsForStaff(ctx: AppContext, principal: Principal, meta: RequestMeta, limit = 100): Promise<ShipmentRow[]> {
  const staff = asStaff(principal);
  const rows = await ctx.db.select().from(shipments).where(scopeOf(staff.regionCode, shipments.regionCode)).orderBy(desc(shipments.createdAt)).limit(limit);
  await recordAudit(ctx.db, { actor: staff, action: 'delivery.shipment.list', subjectType: 'shipment', regionCode: staff.regionCode || null, detail: { count: rows.length }, ip: meta.ip, requestId: meta.requestId });
  return rows;
}

/** The local adapter's outbox of the officer's region, newest first. */
export async function outboxForStaff(ctx: AppContext, principal: Principal, limit = 100): Promise<OutboxRow[]> {
  const staff = asStaff(principal);
  return ctx.db.select().from(deliveryOutbox).where(scopeOf(staff.regionCode, deliveryOutbox.regionCode)).orderBy(desc(deliveryOutbox.createdAt)).limit(limit);
}
