import { defineErrors } from '../http/errors.ts';

/** Error codes of the notification centre. */
export const NotificationErrors = defineErrors('NOTIFICATIONS', {
  NOTIFICATIONS_NOT_FOUND: { status: 404, zh: '消息不存在', en: 'This message does not exist' },
});
