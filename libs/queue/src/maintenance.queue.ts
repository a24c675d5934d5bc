/** Periodic housekeeping run by whichever worker takes it: the reconciler. */
export const MAINTENANCE_QUEUE = 'herald-maintenance';

export const RECONCILE_JOB_NAME = 'reconcile';
/** One scheduler id for every worker process, so upserting it is idempotent. */
export const RECONCILE_SCHEDULER_ID = 'reconcile-every';
