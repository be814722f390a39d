import { defineModule } from '../modules/module.ts';
import { DeliveryErrors } from './delivery.errors.ts';
import { DeliveryActions } from './delivery.policy.ts';
import { deliveryRoutes } from './delivery.routes.ts';
import * as tables from './delivery.tables.ts';

/**
 * What modules use: `createShipmentIn(ctx, tx, actor, input)` (or `createShipment`) to send materials
 * or a result, `recordShipmentStatus` to add to a timeline, `shipmentsOfSource` / `timelineOf` to show
 * an application's shipments; the carrier adapter interface and the local adapter.
 */
export {
  createShipment, createShipmentIn, saveAddressIn, recordShipmentStatus, receiveCarrierUpdate, shipmentsOfSource, timelineOf,
  type ShipmentInput, type AddressInput, type ShipmentRow, type ShipmentEventRow,
} from './delivery.service.ts';
export { adapterForCarrier, LocalCarrierAdapter, CARRIER_ADAPTERS, type CarrierAdapter, type CarrierUpdate, type WaybillRequest } from './delivery.adapter.ts';
export { SHIPMENT_STATUSES, SHIPMENT_DIRECTIONS, nextStatus, type ShipmentStatus, type ShipmentDirection } from './delivery.rules.ts';
export { DeliveryErrors } from './delivery.errors.ts';
export { CARRIER_UPDATE_PERMISSION } from './delivery.policy.ts';

/**
 * 政务快递, a platform piece: citizens' addresses (encrypted), shipments of materials (applicant →
 * department) and results (department → applicant) with carrier and tracking number entered or
 * created by a carrier adapter (the local one records an outbox), a forward-only status timeline fed
 * by officers and by carriers' idempotent callbacks.
 */
export const DeliveryModule = defineModule({
  name: 'delivery',
  dependsOn: ['identity', 'audit', 'divisions'],
  errors: [DeliveryErrors],
  actions: [DeliveryActions],
  tables,
  routes: deliveryRoutes,
});
