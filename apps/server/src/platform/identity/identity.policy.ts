import { defineActions } from '../access/policy.ts';

/** Actions of the identity surface (sign-in itself is public and rate-limited instead). */
export const IdentityActions = defineActions({
  'me.read': { who: 'signed-in', description: 'Read one\'s own profile' },
  'me.update': { who: 'signed-in', description: 'Change one\'s own language' },
  'me.realName': { who: 'citizen', description: 'Register one\'s real name and identity document (实名认证)' },
  'admin.smsOutbox': { who: 'staff', roles: ['sys_admin'], description: 'Read the built-in SMS outbox' },
  'apiClients.list': { who: 'staff', roles: ['sys_admin'], description: 'List open-API clients' },
  'apiClients.create': { who: 'staff', roles: ['sys_admin'], description: 'Create an open-API client and its key' },
  'apiClients.revoke': { who: 'staff', roles: ['sys_admin'], description: 'Revoke an open-API client' },
});
