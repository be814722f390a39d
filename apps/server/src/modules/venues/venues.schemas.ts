import { Type } from 'typebox';

/** TypeBox schemas of the venues API: defined once in the shared contracts package (the web uses them too). */
export * from '@fangxian/contracts/venues';

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
