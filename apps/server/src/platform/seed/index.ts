export { addSeedStep, runDemoSeed, DEMO_PASSWORD, DEMO_CITIZEN_PHONE, type SeedRun, type SeedStep } from './seed.ts';
