import type { z } from 'zod';
import { UsageError } from './usage.js';

/**
 * Validates what the command line gave; request bodies with the API's own schemas
 * (apps/api/src/tenants/tenant.dto.ts), so the CLI refuses exactly what the API would,
 * before any call, naming the flag or argument (`--weight: …`) instead of the JSON field.
 */
export function checked<S extends z.ZodType>(schema: S, input: unknown, argumentFor: (path: readonly PropertyKey[]) => string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new UsageError(result.error.issues.map((issue) => `${argumentFor(issue.path)}: ${issue.message}`).join('\n'));
  return result.data;
}

/** A number flag's value; undefined when it is not a number (`Number('')` would be 0). */
export function numberOf(value: string): number | undefined {
  const number = value.trim() === '' ? Number.NaN : Number(value);
  return Number.isFinite(number) ? number : undefined;
}
