import { Inject, Injectable, Logger } from '@nestjs/common';
import { NotificationRepository, type KeysetPosition, type KeysetRow } from '../../../../libs/db/src/index.js';
import type { Channel } from '../../../../libs/domain/src/index.js';
import { ReportQueue, type VendorReport } from '../../../../libs/queue/src/index.js';
import type { VendorClient } from '../../../../libs/vendor/src/index.js';
import { VENDOR_CLIENT, WORKER_CONFIG, type WorkerConfig } from '../worker-config.js';
import { reportOfLookup } from './lookup-report.js';

/** Refs per lookup request (the vendor takes up to 1,000; 100 keeps each answer small). */
const REFS_PER_LOOKUP = 100;
const PAGE = 500;

export interface LookupRun {
  asked: number;
  settled: number;
  pending: number;
  unknown: number;
}

/**
 * A final status even when the vendor's report callback is lost: rows still `sent` (or
 * `failback_sent`) REPORT_LOOKUP_AFTER_MS after the vendor took them are looked up at
 * the vendor by ref, REPORT_LOOKUP_PER_SECOND requests at most, and every final answer
 * is queued as the report it stands for, so it is applied by the same batched,
 * idempotent statement as a callback (and a failed AlimTalk fails back the same way).
 * Each run asks about REPORT_LOOKUP_PER_RUN rows at most and the next goes on after the
 * last one asked (a cursor this process keeps), so rows the vendor still calls pending
 * do not hold the others back. Runs with the maintenance job.
 */
@Injectable()
export class ResultLookup {
  private readonly logger = new Logger(ResultLookup.name);
  private cursor?: KeysetPosition;

  constructor(
    private readonly notifications: NotificationRepository,
    private readonly reportQueue: ReportQueue,
    @Inject(VENDOR_CLIENT) private readonly vendor: VendorClient,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async run(now = Date.now()): Promise<LookupRun> {
    const tally: LookupRun = { asked: 0, settled: 0, pending: 0, unknown: 0 };
    const before = new Date(now - this.config.REPORT_LOOKUP_AFTER_MS);
    const spacingMs = 1000 / this.config.REPORT_LOOKUP_PER_SECOND;
    while (tally.asked < this.config.REPORT_LOOKUP_PER_RUN) {
      const rows = await this.notifications.findAwaitingResult(before, this.cursor, Math.min(PAGE, this.config.REPORT_LOOKUP_PER_RUN - tally.asked));
      if (rows.length === 0) {
        // The end of the waiting rows: the next run starts from the oldest again.
        this.cursor = undefined;
        break;
      }
      for (const [channel, group] of byChannel(rows)) {
        for (let start = 0; start < group.length; start += REFS_PER_LOOKUP) {
          const started = Date.now();
          await this.lookUp(channel, group.slice(start, start + REFS_PER_LOOKUP), tally);
          await new Promise((resolve) => setTimeout(resolve, Math.max(0, spacingMs - (Date.now() - started))));
        }
      }
      const last = rows.at(-1)!;
      this.cursor = { cursorAt: last.cursorAt, id: last.id };
    }
    if (tally.asked > 0)
      this.logger.log(`looked up ${tally.asked} message(s) without a report: ${tally.settled} settled, ${tally.pending} pending, ${tally.unknown} unknown`);
    return tally;
  }

  private async lookUp(channel: Channel, rows: KeysetRow[], tally: LookupRun): Promise<void> {
    const entries = await this.vendor.lookupResults(
      channel,
      rows.map((row) => row.id),
    );
    tally.asked += rows.length;
    const reports: VendorReport[] = [];
    for (const entry of entries) {
      if (entry.state === 'final') {
        reports.push(reportOfLookup(entry, channel));
      } else if (entry.state === 'pending') tally.pending += 1;
      else tally.unknown += 1;
    }
    if (reports.length > 0) await this.reportQueue.accept(reports);
    tally.settled += reports.length;
  }
}

/** The leg a waiting row is on: AlimTalk while `sent`, its SMS or LMS failback while `failback_sent`. */
function byChannel(rows: KeysetRow[]): Map<Channel, KeysetRow[]> {
  const groups = new Map<Channel, KeysetRow[]>();
  for (const row of rows) {
    const channel: Channel = row.status === 'failback_sent' ? (row.failbackChannel ?? 'sms') : 'alimtalk';
    groups.set(channel, [...(groups.get(channel) ?? []), row]);
  }
  return groups;
}
