import { Injectable } from '@nestjs/common';
import { SuppressionRepository, type Suppression } from '../../../../libs/db/src/index.js';
import { maskPhone, normalizeKoreanMobile } from '../../../../libs/domain/src/index.js';
import type { ListSuppressionsDto, SuppressDto } from './suppression.dto.js';
import { ApiError } from '../errors/api-error.js';

/** The opt-out list campaigns respect. Phones are stored normalized, so any spelling of a number matches. */
@Injectable()
export class SuppressionService {
  constructor(private readonly suppressions: SuppressionRepository) {}

  async suppress(input: SuppressDto): Promise<Suppression> {
    return this.suppressions.upsert(phoneOf(input.phone, 'phone'), input.reason);
  }

  async get(phone: string): Promise<Suppression> {
    const row = await this.suppressions.find(phoneOf(phone, 'phone'));
    if (!row) throw ApiError.notFound(`suppression of ${maskPhone(phone)}`);
    return row;
  }

  async remove(phone: string): Promise<void> {
    if (!(await this.suppressions.remove(phoneOf(phone, 'phone')))) throw ApiError.notFound(`suppression of ${maskPhone(phone)}`);
  }

  async list(query: ListSuppressionsDto) {
    const items = await this.suppressions.list(query.cursor, query.limit);
    return { items, nextCursor: items.length === query.limit ? items.at(-1)!.phone : null };
  }
}

function phoneOf(value: string, field: string): string {
  const phone = normalizeKoreanMobile(value);
  if (!phone) throw ApiError.validation(field, 'must be a Korean mobile number (e.g. 010-1234-5678)');
  return phone;
}
