export { checkDependencies, type HealthReport, type Probe } from './dependency-health.js';
export { LIVE, readinessProbes } from './readiness.js';
