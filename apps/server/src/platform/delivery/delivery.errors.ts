import { defineErrors } from '../http/errors.ts';

/** Error codes of 政务快递. */
export const DeliveryErrors = defineErrors('DELIVERY', {
  DELIVERY_ADDRESS_UNKNOWN: { status: 400, zh: '收寄地址不存在或已删除', en: 'The address does not exist or was deleted' },
  DELIVERY_CARRIER_UNKNOWN: { status: 400, zh: '没有接入该快递公司的接口，请填写运单号', en: 'No adapter for this carrier: enter the tracking number' },
  DELIVERY_TRACKING_TAKEN: { status: 409, zh: '该快递公司的此运单号已被登记', en: 'This carrier\'s tracking number is already registered' },
  DELIVERY_SHIPMENT_UNKNOWN: { status: 404, zh: '未找到该运单', en: 'No shipment has this tracking number' },
  DELIVERY_DIVISION_UNKNOWN: { status: 400, zh: '行政区划代码不存在', en: 'Unknown administrative division code' },
});
