export * from './identity.ts';
export * from './health-code.ts';
export * from './venues.ts';
export * from './audit.ts';
export * from './jobs.ts';
export * from './files.ts';
export * from './epidemic.ts';
export * from './text.ts';
