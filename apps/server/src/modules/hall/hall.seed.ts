import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../../platform/identity/api-clients.service.ts';
import { defineSeedStep } from '../../platform/seed/index.ts';
import { KIOSK_PERMISSION } from './hall.policy.ts';
import { insertDevice, insertHall, insertWindow } from './hall.repository.ts';

/** The demo hall: 旌阳区 (510603) in the demo city. */
export const DEMO_HALL_NAME = '德阳市旌阳区政务服务大厅';

const DEMO_WINDOWS = [
  { number: 1, name: '综合受理窗口', items: [{ code: 'SCJG-GT-001', name: '个体工商户设立登记（营业执照）' }, { code: 'SCJG-SP-002', name: '食品经营许可（新办）' }, { code: 'LB-CY-001', name: '餐饮店开业联办（营业执照、食品经营许可、消防检查一窗受理）' }] },
  { number: 2, name: '社保医保窗口', items: [{ code: 'RS-SB-001', name: '城镇职工基本养老保险关系转移接续' }, { code: 'CL-ZJ-001', name: '残疾人证核发' }] },
  { number: 3, name: '户籍证照窗口', items: [{ code: 'GA-HJ-001', name: '户口迁入（投靠直系亲属）' }] },
  { number: 4, name: '工程建设窗口', items: [{ code: 'GH-JS-001', name: '建设工程规划许可证核发' }, { code: 'XF-JC-001', name: '公众聚集场所投入使用、营业前消防安全检查' }] },
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
