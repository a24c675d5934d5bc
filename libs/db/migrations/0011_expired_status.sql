-- expired: a final status for a message whose vendor result never came (no report, no lookup answer) within REPORT_EXPIRE_AFTER_HOURS.
ALTER TYPE "public"."notification_status" ADD VALUE 'expired';