/** 政务快递 status rules: pure, no I/O. */

export const SHIPMENT_STATUSES = ['created', 'picked_up', 'in_transit', 'delivered', 'returned'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];
export const SHIPMENT_DIRECTIONS = ['outbound', 'return'] as const;
export type ShipmentDirection = (typeof SHIPMENT_DIRECTIONS)[number];

const RANK: Record<ShipmentStatus, number> = { created: 0, picked_up: 1, in_transit: 2, delivered: 3, returned: 3 };

export const isFinal = (s: ShipmentStatus) => s === 'delivered' || s === 'returned';

/**
 * The shipment's status after an update reports `reported`: it moves forward only. A late or
 * repeated update (in transit after delivered, picked up twice) stays on the timeline but does not
 * move the status back; a final status (delivered / returned) is never replaced by the other one.
 */
export function nextStatus(current: ShipmentStatus, reported: ShipmentStatus): ShipmentStatus {
  if (isFinal(current)) return current;
  return RANK[reported] > RANK[current] ? reported : current;
}
