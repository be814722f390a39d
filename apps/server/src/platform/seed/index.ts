/** The demo seed: modules list their steps in their manifests (`seeds`); runDemoSeed runs them in one transaction. */
export { defineSeedStep, runDemoSeed, type SeedRun, type SeedStep } from './seed.ts';
