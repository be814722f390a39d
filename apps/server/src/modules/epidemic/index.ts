/** The epidemic registries (risk areas, person statuses, quarantine periods) as other modules see them. */
export { epidemicRoutes } from './epidemic.routes.ts';
export { onEpidemicChange, type EpidemicChange, type EpidemicListener } from './epidemic.events.ts';
export { findRiskAreasCovering, findStatusesOf, findQuarantinesOf, type RiskAreaRow, type PersonStatusRow, type QuarantineRow } from './epidemic.repository.ts';
export { divisionAncestors, divisionPrefix } from './epidemic.divisions.ts';
