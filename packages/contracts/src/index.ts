export const x: number = 1;
export * from './identity.ts';
