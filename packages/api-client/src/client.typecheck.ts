// Compile-time checks of the generated client (type-checked by `npm run check:openapi`, never run):
// operation ids, parameters, bodies and answers come from the OpenAPI document.
import { createClient } from './client.ts';

export async function examples(): Promise<void> {
  const fx = createClient({ baseUrl: 'https://fangxian.example.gov.cn', token: 'token' });
  const ruleSet = await fx.call('getHealthRuleSetsByVersion', { params: { version: 3 } });
  const status: 'draft' | 'active' | 'retired' = ruleSet.status;
  const divisions = await fx.call('getDivisions', { query: {} });
  void status;
  void divisions;
  // @ts-expect-error: a path parameter is required
  await fx.call('getHealthRuleSetsByVersion', {});
  // @ts-expect-error: not an operation of the API
  await fx.call('getNothing');
}
