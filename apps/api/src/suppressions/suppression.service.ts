import { Injectable } from '@nestjs/common';
import { SuppressionRepository, type Suppression, type SuppressionList } from '../../../../libs/db/src/index.js';
import { maskPhone, normalizeKoreanMobile } from '../../../../libs/domain/src/index.js';
import type { ListSuppressionsDto, SuppressDto, SuppressionPage, SuppressionView } from './suppression.dto.js';
import { ApiError } from '../errors/api-error.js';
import { hasScope, type Credential } from '../auth/credential.js';

/**
 * The opt-out lists campaigns respect: a tenant's own, and the operators'. Phones are
 * stored normalized, so any spelling of a number matches; they are answered masked
 * unless the caller's key has the `recipients:read` scope.
 */
@Injectable()
export class SuppressionService {
  constructor(private readonly suppressions: SuppressionRepository) {}

  async suppress(caller: Credential, list: SuppressionList, input: SuppressDto): Promise<SuppressionView> {
    return shown(caller, await this.suppressions.upsert(list, phoneOf(input.phone, 'phone'), input.reason));
  }

  async get(caller: Credential, list: SuppressionList, phone: string): Promise<SuppressionView> {
    const row = await this.suppressions.find(list, phoneOf(phone, 'phone'));
    if (!row) throw ApiError.notFound(`suppression of ${maskPhone(phone)}`);
    return shown(caller, row);
  }

  async remove(list: SuppressionList, phone: string): Promise<void> {
    if (!(await this.suppressions.remove(list, phoneOf(phone, 'phone')))) throw ApiError.notFound(`suppression of ${maskPhone(phone)}`);
  }

  /** The cursor is the last phone of the page, as a masked phone cannot be: it is opaque (base64url). */
  async list(caller: Credential, list: SuppressionList, query: ListSuppressionsDto): Promise<SuppressionPage> {
    const after = query.cursor === undefined ? undefined : Buffer.from(query.cursor, 'base64url').toString();
    const items = await this.suppressions.list(list, after, query.limit);
    return {
      items: items.map((row) => shown(caller, row)),
      nextCursor: items.length === query.limit ? Buffer.from(items.at(-1)!.phone).toString('base64url') : null,
    };
  }
}

const shown = (caller: Credential, row: Suppression): Suppression => (hasScope(caller, 'recipients:read') ? row : { ...row, phone: maskPhone(row.phone) });

function phoneOf(value: string, field: string): string {
  const phone = normalizeKoreanMobile(value);
  if (!phone) throw ApiError.validation(field, 'must be a Korean mobile number (e.g. 010-1234-5678)');
  return phone;
}
