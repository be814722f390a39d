import { randomInt } from 'node:crypto';
import type { Tx } from '../db/database.ts';
import { deliveryOutbox } from './delivery.tables.ts';
import type { ShipmentStatus } from './delivery.rules.ts';

/**
 * A carrier adapter: creates waybills with a carrier's API and turns the carrier's status callbacks
 * into timeline updates. Deployments add one per carrier they contract (SF, EMS, …); the `local`
 * adapter below stands in for them: it assigns a tracking number and records the waybill request in
 * the outbox (`delivery_outbox`, readable in the console), and its status updates come from the
 * console or from the carrier-update endpoint.
 */
export interface CarrierAdapter {
  /** Adapter name, stored on the shipment. */
  name: string;
  /** Carrier names this adapter creates waybills for. */
  carriers: readonly string[];
  /** Creates the waybill in the caller's transaction and answers its tracking number. */
  createWaybill(tx: Tx, shipment: WaybillRequest): Promise<{ trackingNumber: string }>;
  /** Reads a carrier's status callback (its own format) as a timeline update, or null if it is not one. */
  parseUpdate(body: unknown): CarrierUpdate | null;
}

/** What a carrier is told (the address masked here; a real adapter decrypts it for the carrier's API). */
export interface WaybillRequest {
  shipmentId: string;
  regionCode: string;
  carrier: string;
  direction: string;
  from: string;
  to: string;
  contents: string;
}

/** One status update of a carrier: its event id makes a repeated delivery a no-op. */
export interface CarrierUpdate {
  trackingNumber: string;
  eventId: string;
  status: ShipmentStatus;
  at: Date;
  note?: string | null;
}

const DIGITS = '0123456789';

/** The local stand-in for a carrier's API: tracking numbers FX + 12 digits, requests kept in the outbox. */
export const LocalCarrierAdapter: CarrierAdapter = {
  name: 'local',
  carriers: ['政务专递（本地）'],
  async createWaybill(tx, shipment) {
    const trackingNumber = `FX${Array.from({ length: 12 }, () => DIGITS[randomInt(10)]).join('')}`;
    await tx.insert(deliveryOutbox).values({
      shipmentId: shipment.shipmentId, regionCode: shipment.regionCode, carrier: shipment.carrier, trackingNumber,
      request: { direction: shipment.direction, from: shipment.from, to: shipment.to, contents: shipment.contents },
    });
    return { trackingNumber };
  },
  parseUpdate(body) {
    const b = body as { trackingNumber?: unknown; eventId?: unknown; status?: unknown; at?: unknown; note?: unknown };
    if (typeof b?.trackingNumber !== 'string' || typeof b.eventId !== 'string' || typeof b.status !== 'string' || typeof b.at !== 'string') return null;
    return { trackingNumber: b.trackingNumber, eventId: b.eventId, status: b.status as ShipmentStatus, at: new Date(b.at), note: typeof b.note === 'string' ? b.note : null };
  },
};

/** The adapters of this deployment (only the local one is built). */
export const CARRIER_ADAPTERS: readonly CarrierAdapter[] = [LocalCarrierAdapter];

/** The adapter that creates waybills for a carrier, or null (the officer then enters the tracking number). */
export function adapterForCarrier(carrier: string): CarrierAdapter | null {
  return CARRIER_ADAPTERS.find((a) => a.carriers.includes(carrier)) ?? null;
}
