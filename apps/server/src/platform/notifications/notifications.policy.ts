import { defineActions } from '../access/policy.ts';

/** The inbox is personal: every signed-in citizen or staff member reads and marks only their own messages. */
export const NotificationActions = defineActions('notifications', {
  'notifications.inbox.read': { who: 'signed-in', description: 'Read one\'s own notifications (inbox) and unread count' },
  'notifications.inbox.mark': { who: 'signed-in', description: 'Mark one\'s own notifications read' },
  'notifications.preferences.manage': { who: 'signed-in', description: 'Read and change one\'s own notification preferences, quiet hours and webhook receiver' },
  'notifications.delivery.read': { who: 'staff', roles: ['sys_admin'], description: 'Read delivery counts by kind, channel and status, and the local webhook receiver (outbox)' },
});
