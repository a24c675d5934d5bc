import { describe, expect, it } from '@jest/globals';
import { unavailableDependency } from './unavailable-dependency.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('unavailableDependency', () => {
  it('names Postgres from its SQLSTATE or its driver messages', () => {
    expect(unavailableDependency(withCode('the database system is shutting down', '57P03'))).toBe('postgres');
    expect(unavailableDependency(withCode('connection failure', '08006'))).toBe('postgres');
    expect(unavailableDependency(new Error('timeout exceeded when trying to connect'))).toBe('postgres');
    expect(unavailableDependency(new Error('Connection terminated unexpectedly'))).toBe('postgres');
  });

  it("names Redis from ioredis's refusals", () => {
    expect(unavailableDependency(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe('redis');
    expect(unavailableDependency(new Error('Connection is closed.'))).toBe('redis');
  });

  it('finds the cause a query builder wrapped', () => {
    const wrapped = Object.assign(new Error('Failed query: select 1'), { cause: withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED') });
    expect(unavailableDependency(wrapped)).toBe('store');
  });

  it('leaves every other error alone: a bug or bad data is not an outage', () => {
    expect(unavailableDependency(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeUndefined();
    expect(unavailableDependency(withCode('invalid byte sequence for encoding "UTF8": 0x00', '22021'))).toBeUndefined();
    expect(unavailableDependency(withCode('duplicate key value violates unique constraint', '23505'))).toBeUndefined();
    expect(unavailableDependency('a string')).toBeUndefined();
    // The vendor's own outage is the send failure policy's to handle, not a store's.
    expect(
      unavailableDependency(Object.assign(new Error('vendor unreachable: connect ECONNREFUSED'), { name: 'VendorError', code: 'ECONNREFUSED' })),
    ).toBeUndefined();
    expect(unavailableDependency(undefined)).toBeUndefined();
  });
});
