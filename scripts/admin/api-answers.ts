// What the admin routes answer (apps/api/src/tenants), as far as the CLI prints it. Times are ISO strings in JSON.

export interface TenantAnswer {
  id: string;
  name: string;
  status: 'active' | 'suspended';
  /** Null: the API's API_RATE_LIMIT_PER_SECOND / _BURST. */
  apiRatePerSecond: number | null;
  apiRateBurst: number | null;
  /** Null: no quota. */
  dailyQuota: number | null;
  timeZone: string;
  weight: number;
  createdAt: string;
  updatedAt: string;
}

/** A key as listings show it: never its secret. */
export interface KeyAnswer {
  id: string;
  tenantId: string;
  /** The first characters of the key, to tell keys apart. */
  prefix: string;
  scopes: string[];
  description: string | null;
  state: 'active' | 'rotating' | 'expired' | 'revoked';
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** A new key: the only answer that carries the key itself. */
export interface IssuedKeyAnswer extends KeyAnswer {
  key: string;
}

export interface RotatedKeyAnswer extends IssuedKeyAnswer {
  /** The old key, now with the end of its grace in expiresAt. */
  replaces: KeyAnswer;
}

export interface Listing<T> {
  items: T[];
}
