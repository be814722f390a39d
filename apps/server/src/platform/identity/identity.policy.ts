import { defineActions } from '../access/policy.ts';

/** Actions of the identity surface (sign-in itself is public and rate-limited instead). */
export const IdentityActions = defineActions('identity', {
  'identity.me.read': { who: 'signed-in', description: 'Read one\'s own profile' },
  'identity.me.update': { who: 'signed-in', description: 'Change one\'s own language' },
  'identity.real-name.register': { who: 'citizen', description: 'Register one\'s real name and identity document (实名认证)' },
  'identity.commitment.sign': { who: 'signed-in', description: 'Read and sign the confidentiality commitment (保密承诺书; staff accounts)' },
  'identity.commitment.manage': {
    who: 'staff',
    roles: ['sys_admin'],
    description: 'Propose a new confidentiality commitment text, or approve one another administrator proposed (city-or-wider scope, maker-checker)',
  },
  'identity.commitment.list': { who: 'staff', roles: ['sys_admin', 'supervision'], description: 'List staff accounts\' signatures of the confidentiality commitment in one\'s region' },
  'identity.sms-outbox.read': { who: 'staff', roles: ['sys_admin'], description: 'Read the built-in SMS outbox' },
  'identity.api-client.list': { who: 'staff', roles: ['sys_admin'], description: 'List open-API clients' },
  'identity.api-client.create': { who: 'staff', roles: ['sys_admin'], description: 'Create an open-API client and its key' },
  'identity.api-client.revoke': { who: 'staff', roles: ['sys_admin'], description: 'Revoke an open-API client' },
});
