import { describe, expect, it } from '@jest/globals';
import { TokenStore } from './token.store.js';

describe('TokenStore', () => {
  const account = { clientId: 'herald', clientSecret: 'a-client-secret-value' };

  it('checks both credentials', () => {
    const store = new TokenStore(account);
    expect(store.credentialsMatch('herald', 'a-client-secret-value')).toBe(true);
    expect(store.credentialsMatch('herald', 'a-client-secret-valuX')).toBe(false);
    expect(store.credentialsMatch('other', 'a-client-secret-value')).toBe(false);
    expect(store.credentialsMatch(undefined, undefined)).toBe(false);
  });

  it('accepts an issued bearer token until it expires', () => {
    let now = 1_000;
    const store = new TokenStore(account, () => now);
    const { token, expiresAt } = store.issue(500);
    expect(expiresAt.getTime()).toBe(1_500);
    expect(store.isAuthorized(`Bearer ${token}`)).toBe(true);
    expect(store.isAuthorized(`bearer ${token}`)).toBe(true);
    expect(store.isAuthorized(token)).toBe(false);
    expect(store.isAuthorized('Bearer nope')).toBe(false);
    expect(store.isAuthorized(undefined)).toBe(false);
    now = 1_500;
    expect(store.isAuthorized(`Bearer ${token}`)).toBe(false);
  });

  it('revokes every token', () => {
    const store = new TokenStore(account);
    const { token } = store.issue(60_000);
    store.revokeAll();
    expect(store.isAuthorized(`Bearer ${token}`)).toBe(false);
  });
});
