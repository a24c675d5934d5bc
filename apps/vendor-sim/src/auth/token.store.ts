import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface AccountCredentials {
  clientId: string;
  clientSecret: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Issues and checks bearer tokens for the single account the simulator knows. */
export class TokenStore {
  private readonly expiryByToken = new Map<string, number>();

  constructor(
    private readonly account: AccountCredentials,
    private readonly now: () => number = Date.now,
  ) {}

  /** Both fields are compared in constant time, and both always, so timing says nothing about which was wrong. */
  credentialsMatch(clientId: string | undefined, clientSecret: string | undefined): boolean {
    const idMatches = constantTimeEquals(clientId ?? '', this.account.clientId);
    const secretMatches = constantTimeEquals(clientSecret ?? '', this.account.clientSecret);
    return idMatches && secretMatches;
  }

  issue(ttlMs: number): IssuedToken {
    this.forgetExpired();
    const token = randomBytes(32).toString('base64url');
    const expiresAt = this.now() + ttlMs;
    this.expiryByToken.set(token, expiresAt);
    return { token, expiresAt: new Date(expiresAt) };
  }

  /** Accepts the value of an Authorization header. */
  isAuthorized(authorization: string | undefined): boolean {
    if (!authorization || authorization.length < 8 || authorization.slice(0, 7).toLowerCase() !== 'bearer ') return false;
    const expiresAt = this.expiryByToken.get(authorization.slice(7).trim());
    return expiresAt !== undefined && expiresAt > this.now();
  }

  /** Lets tests exercise a client's re-authentication path. */
  revokeAll(): void {
    this.expiryByToken.clear();
  }

  private forgetExpired(): void {
    // Clients normally cache their token, so this map stays small; sweep only when it is not.
    if (this.expiryByToken.size < 1000) return;
    const now = this.now();
    for (const [token, expiresAt] of this.expiryByToken) if (expiresAt <= now) this.expiryByToken.delete(token);
  }
}

/** Hashing first gives equal lengths, so timingSafeEqual does not leak the secret's length either. */
function constantTimeEquals(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
