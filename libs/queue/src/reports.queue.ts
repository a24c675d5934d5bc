import type { JobsOptions } from 'bullmq';

/**
 * Vendor delivery reports, acknowledged at once by the API and applied by the worker
 * in batches (DESIGN.md, invariant 7). One job per callback: the reports it carried.
 */
export const REPORTS_QUEUE = 'vendor-reports';
/** `12 reports`: how many one callback carried, as Bull Board lists it. */
export const reportJobName = (count: number): string => `${count} report${count === 1 ? '' : 's'}`;

export interface ReportJobData {
  reports: Array<{
    msgKey: string;
    ref: string;
    channel: 'alimtalk' | 'sms' | 'lms';
    status: 'delivered' | 'failed';
    code: string;
    message: string;
    reportedAt: string;
  }>;
  receivedAt: string;
}

export const REPORT_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: true,
  removeOnFail: { age: 7 * 24 * 3600 },
};
