import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ApiError } from '../errors/api-error.js';

/** Validates a request part against a zod schema; the first problem becomes a 400 naming its field. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  /** `name` labels errors of a scalar route param, whose issues carry no path. */
  constructor(
    private readonly schema: S,
    private readonly name = '(body)',
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0]!;
    const field = issue.path.length > 0 ? issue.path.join('.') : this.name;
    throw ApiError.validation(field, issue.message);
  }
}
