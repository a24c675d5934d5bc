import { parseArgs } from 'node:util';
import { z } from 'zod';

export const USAGE = `usage: npm run seed:campaign -- [--recipients N] [--tps T] [--fail-rate F] [--workers W] [--concurrency C] [--chaos]
       npm run seed:campaign -- --local [--recipients N] [--tps T] [--fail-rate F] [--api-url URL] [--api-key KEY] [--sim-url URL]`;

/** A mistake on the command line: printed with the usage, without a stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(`${message}\n${USAGE}`);
    this.name = 'UsageError';
  }
}

/** Options that start, size or kill worker processes: only a stack of this command's own has any. */
const WORKER_OPTIONS = ['workers', 'concurrency', 'chaos'] as const;
const LOCAL_OPTIONS = ['api-url', 'api-key', 'sim-url'] as const;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).transform((url) => url.replace(/\/+$/, ''));

const optionsSchema = z
  .object({
    recipients: z.coerce.number().int().min(1).max(2_000_000).default(10_000),
    tps: z.coerce.number().int().min(1).max(100_000).default(200),
    'fail-rate': z.coerce.number().min(0).max(0.5).default(0.02),
    workers: z.coerce.number().int().min(1).max(8).optional(),
    concurrency: z.coerce.number().int().min(1).max(2000).optional(),
    chaos: z.boolean().optional(),
    local: z.boolean().default(false),
    'api-url': httpUrl.optional(),
    'api-key': z.string().min(1).optional(),
    'sim-url': httpUrl.optional(),
  })
  .superRefine((options, ctx) => {
    const misplaced = options.local ? WORKER_OPTIONS : LOCAL_OPTIONS;
    for (const name of misplaced) {
      if (options[name] === undefined) continue;
      const message = options.local
        ? "is not available with --local: that mode attaches to the worker `npm start` runs and does not own its processes (leave out --local for a stack of this command's own)"
        : 'only applies with --local (attaching to a running `npm start`)';
      ctx.addIssue({ code: 'custom', path: [name], message });
    }
  })
  .transform((options) => {
    const common = { recipients: options.recipients, tps: options.tps, failRate: options['fail-rate'] };
    return options.local
      ? { ...common, mode: 'local' as const, apiUrl: options['api-url'], apiKey: options['api-key'], simUrl: options['sim-url'] }
      : { ...common, mode: 'own' as const, workers: options.workers ?? 2, concurrency: options.concurrency ?? 100, chaos: options.chaos ?? false };
  });
export type SeedOptions = z.infer<typeof optionsSchema>;
export type LocalOptions = Extract<SeedOptions, { mode: 'local' }>;

/** The command line, checked: a bad value or a misplaced option throws UsageError naming it. */
export function parseOptions(args: string[]): SeedOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        recipients: { type: 'string' },
        tps: { type: 'string' },
        'fail-rate': { type: 'string' },
        workers: { type: 'string' },
        concurrency: { type: 'string' },
        chaos: { type: 'boolean' },
        local: { type: 'boolean' },
        'api-url': { type: 'string' },
        'api-key': { type: 'string' },
        'sim-url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  const parsed = optionsSchema.safeParse(values);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('\n'));
  return parsed.data;
}
