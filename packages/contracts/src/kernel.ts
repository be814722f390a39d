/**
 * The domain kernel: the small pure facts every module and surface share — division codes,
 * China calendar days, code colours and door decisions, the error body, registry vocabularies.
 * Each is defined here once; server and web import it (`@fangxian/contracts/kernel`, or one file
 * such as `@fangxian/contracts/kernel/days` to keep TypeBox out of a bundle).
 */
export * from './kernel/divisions.ts';
export * from './kernel/days.ts';
export * from './kernel/colour.ts';
export * from './kernel/errors.ts';
export * from './kernel/status-texts.ts';
