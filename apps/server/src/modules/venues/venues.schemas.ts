import { Type } from 'typebox';

/** TypeBox schemas of the venues API: defined once in the shared contracts package (the web uses them too). */
export * from '@fangxian/contracts/venues';

export const ErrorBody = Type.Object({ code: Type.String(), message: Type.String(), details: Type.Optional(Type.Record(Type.String(), Type.Unknown())) });
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
