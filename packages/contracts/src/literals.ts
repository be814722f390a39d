import { Type, type TUnsafe } from 'typebox';

/**
 * A schema accepting one of the listed strings, statically typed as their union, so a list
 * (a kernel vocabulary, venue types…) stays the single source of both the values and the schema.
 */
export function literalUnion<T extends string>(values: readonly T[]): TUnsafe<T> {
  return Type.Unsafe<T>(Type.Union(values.map((v) => Type.Literal(v))));
}
