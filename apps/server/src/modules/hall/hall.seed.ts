import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../../platform/identity/api-clients.service.ts';
import { defineSeedStep } from '../../platform/seed/index.ts';
import { KIOSK_PERMISSION } from './hall.policy.ts';
import { insertDevice, insertHall, insertWindow } from './hall.repository.ts';

/** The demo hall: 旌阳区 (510603) in the demo city. */
export const DEMO_HALL_NAME = '德阳市旌阳区政务服务大厅';

const DEMO_WINDOWS = [
  { number: 1, name: '综合受理窗口', items: [{ code: 'SC-XK-001', name: '食品经营许可' }, { code: 'SC-DJ-002', name: '个体工商户设立登记' }] },
  { number: 2, name: '社保医保窗口', items: [{ code: 'RS-SB-001', name: '社会保险参保登记' }, { code: 'YB-ZY-001', name: '医保关系转移接续' }] },
  { number: 3, name: '户籍证照窗口', items: [{ code: 'GA-SF-001', name: '居民身份证申领' }, { code: 'GA-HJ-002', name: '户口迁移' }] },
  { number: 4, name: '不动产登记窗口', items: [{ code: 'ZR-BDC-001', name: '不动产登记' }] },
];

/**
 * One hall with four windows (worked by the demo 政务服务中心 account) and one kiosk device. The
 * kiosk's key is not kept anywhere: an administrator issues a fresh one in the console (取号机 → 重新生成密钥).
 */
export const DemoHallSeed = defineSeedStep({
  name: 'hall.demo-hall',
  order: 130,
  async run(seed) {
    const { tx } = seed;
    const serviceStaff = seed.staff.get('service');
    const hall = await insertHall(tx, { name: DEMO_HALL_NAME, regionCode: '510603', address: '四川省德阳市旌阳区长江西路二段1号', slotMinutes: 30, bookingDays: 7 });
    for (const w of DEMO_WINDOWS) {
      await insertWindow(tx, { hallId: hall.id, regionCode: hall.regionCode, ...w, openHours: ['09:00-12:00', '13:30-17:00'], slotCapacity: 2, staffIds: serviceStaff ? [serviceStaff] : [] });
    }
    const key = `fxk_${randomBytes(32).toString('base64url')}`;
    await insertDevice(
      tx,
      { hallId: hall.id, regionCode: hall.regionCode, name: '大厅入口取号机', kind: 'kiosk', createdBy: serviceStaff ?? null },
      { keyHash: hashApiKey(key), keyPrefix: key.slice(0, 12), permissions: [KIOSK_PERMISSION], regionCode: hall.regionCode, createdBy: serviceStaff ?? null },
    );
  },
});
