export { checkDependencies, type HealthReport, type Probe } from './dependency-health.js';
