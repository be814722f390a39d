import { on } from '../../platform/modules/module.ts';
import { sendNotices, type NoticeTemplate } from '../../platform/notifications/index.ts';
import { HealthCodeColourChanged, HealthCodeCorrectionDecided, HealthCodeOverrideDecided } from './health-code.events.ts';

const COLOUR = { green: { zh: '绿码', en: 'green' }, yellow: { zh: '黄码', en: 'yellow' }, red: { zh: '红码', en: 'red' } } as const;

/** The health code's message kinds (templates in the notification centre's registry). */
export const HealthCodeTemplates: NoticeTemplate[] = [
  {
    kind: 'health-code.colour-changed',
    description: { zh: '健康码颜色变化', en: 'Health-code colour changes' },
    title: { zh: '您的健康码已变为{colourZh}', en: 'Your health code is now {colourEn}' },
    body: { zh: '健康码由{fromZh}变为{colourZh}，点击查看原因。', en: 'Your code changed from {fromEn} to {colourEn}; open it to see why.' },
    mandatory: ['inbox'],
  },
  {
    kind: 'health-code.override-decided',
    description: { zh: '健康码人工调整审核结果', en: 'Health-code override decisions' },
    title: { zh: '健康码人工调整{resultZh}', en: 'Health-code override {resultEn}' },
    body: { zh: '工作人员对您健康码的人工调整已{resultZh}。', en: 'An override of your health code was {resultEn} by the reviewing officer.' },
  },
  {
    kind: 'health-code.correction-decided',
    description: { zh: '健康码纠错申请结果', en: 'Health-code correction outcomes' },
    title: { zh: '纠错申请{resultZh}', en: 'Correction request {resultEn}' },
    body: { zh: '您的健康码纠错申请{resultZh}。', en: 'Your health-code correction request was {resultEn}.' },
  },
];

/**
 * The health code's messages go through the notification centre: listeners of its own events, in the
 * deciding transaction (a message exists only if the change commits). Texts carry no reasons (they
 * may name places or people); the link opens the code page, which shows them to the citizen.
 */
export const HealthCodeNoticeListeners = [
  on(HealthCodeColourChanged, async ({ tx, changes }, ctx) => {
    await sendNotices(
      ctx,
      tx,
      changes.map((c) => ({
        recipient: { type: 'citizen' as const, id: c.citizenId },
        kind: 'health-code.colour-changed',
        params: { colourZh: COLOUR[c.to].zh, colourEn: COLOUR[c.to].en, fromZh: COLOUR[c.from].zh, fromEn: COLOUR[c.from].en },
        link: '/m/health',
        channels: c.to === 'green' ? ['inbox'] : ['inbox', 'sms'],
      })),
      new Date(),
      // Colour changes come in bulk (a batch of 500 recomputed codes): their SMS go out through the
      // delivery job, never inside the recomputation's transaction.
      { deferSms: true },
    );
  }),
  on(HealthCodeOverrideDecided, async ({ tx, citizenId, decision }, ctx) => {
    await sendNotices(ctx, tx, [
      {
        recipient: { type: 'citizen', id: citizenId },
        kind: 'health-code.override-decided',
        params: decision === 'approve' ? { resultZh: '已生效', resultEn: 'approved' } : { resultZh: '未通过', resultEn: 'rejected' },
        link: '/m/health',
        channels: ['inbox'],
      },
    ]);
  }),
  on(HealthCodeCorrectionDecided, async ({ tx, citizenId, decision }, ctx) => {
    await sendNotices(ctx, tx, [
      {
        recipient: { type: 'citizen', id: citizenId },
        kind: 'health-code.correction-decided',
        params: decision === 'accept' ? { resultZh: '已受理并更正', resultEn: 'accepted' } : { resultZh: '未获支持', resultEn: 'rejected' },
        link: '/m/health',
        channels: ['inbox'],
      },
    ]);
  }),
];
