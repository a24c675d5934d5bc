import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ApiError } from '../errors/api-error.js';
import { findUnstorableText } from './storable-text.js';

/**
 * Validates a request part against a zod schema; the first problem becomes a 400 naming
 * its field. Text Postgres cannot store (NUL, a lone surrogate) is refused first, so it
 * never reaches a statement shared with other requests.
 */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  /** `name` labels errors of a scalar route param, whose issues carry no path. */
  constructor(
    private readonly schema: S,
    private readonly name = '(body)',
  ) {}

  transform(value: unknown): z.infer<S> {
    const unstorable = findUnstorableText(value);
    if (unstorable) throw ApiError.validation(unstorable.field === '(body)' ? this.name : unstorable.field, unstorable.reason);
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join('.') : this.name;
    throw ApiError.validation(field, issue.message);
  }
}
