import { Injectable } from '@nestjs/common';
import { ApiKeyRepository, TenantRepository, type ApiKey, type Tenant } from '../../../../libs/db/src/index.js';
import { CredentialCache } from '../auth/credential-cache.js';
import { newKey } from '../auth/key-material.js';
import { ApiError } from '../errors/api-error.js';
import type { KeyScope } from '../../../../libs/domain/src/index.js';
import type { CreateKeyDto, CreateTenantDto, IssuedKey, KeyList, KeyView, RotatedKey, UpdateTenantDto } from './tenant.dto.js';

/** A key as listings show it: never its secret nor its hash. */
export function keyView(key: ApiKey): KeyView {
  const now = Date.now();
  const state = key.revokedAt ? 'revoked' : key.expiresAt && key.expiresAt.getTime() <= now ? 'expired' : key.expiresAt ? 'rotating' : 'active';
  return {
    id: key.id,
    tenantId: key.tenantId,
    prefix: key.prefix,
    // Written only through createKeySchema (and copied on rotation), so every scope is one of KEY_SCOPES.
    scopes: key.scopes as KeyScope[],
    description: key.description,
    state,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
  };
}

/**
 * Tenants and their keys, an operator's to manage. Every change that affects who may
 * call is announced to all API processes (CredentialCache), so it holds everywhere
 * within a second, without a restart.
 */
@Injectable()
export class TenantAdminService {
  constructor(
    private readonly tenants: TenantRepository,
    private readonly keys: ApiKeyRepository,
    private readonly credentials: CredentialCache,
  ) {}

  async create(input: CreateTenantDto): Promise<Tenant> {
    const tenant = await this.tenants.create(input);
    if (!tenant) throw new ApiError(409, 'tenant_exists', `tenant ${input.id} exists already`, 'id');
    return tenant;
  }

  list(): Promise<Tenant[]> {
    return this.tenants.list();
  }

  async get(id: string): Promise<Tenant> {
    const tenant = await this.tenants.find(id);
    if (!tenant) throw ApiError.notFound(`tenant ${id}`);
    return tenant;
  }

  /** Suspending, or changing a limit, applies to the tenant's next request in every API process. */
  async update(id: string, changes: UpdateTenantDto): Promise<Tenant> {
    const tenant = await this.tenants.update(id, changes);
    if (!tenant) throw ApiError.notFound(`tenant ${id}`);
    await this.credentials.announce({ tenantId: id });
    return tenant;
  }

  /** The key is in this answer and nowhere else: only its hash is stored. */
  async createKey(tenantId: string, input: CreateKeyDto): Promise<IssuedKey> {
    await this.get(tenantId);
    const { key, row } = newKey('producer', tenantId);
    const stored = await this.keys.create({ ...row, scopes: input.scopes, description: input.description ?? null });
    return { ...keyView(stored), key };
  }

  async listKeys(tenantId: string): Promise<KeyList> {
    await this.get(tenantId);
    return { items: (await this.keys.listOfTenant(tenantId)).map(keyView) };
  }

  /** A new key with the old one's scopes; the old one keeps working for `graceSeconds`. */
  async rotateKey(tenantId: string, keyId: string, graceSeconds: number): Promise<RotatedKey> {
    const { key, row } = newKey('producer', tenantId);
    const rotated = await this.keys.rotate(tenantId, keyId, row, graceSeconds);
    if (!rotated) throw ApiError.notFound(`live key ${keyId} of tenant ${tenantId}`);
    // Cached copies of the old key learn its new end.
    await this.credentials.announce({ secretHash: rotated.old.secretHash });
    return { ...keyView(rotated.replacement), key, replaces: keyView(rotated.old) };
  }

  async revokeKey(tenantId: string, keyId: string): Promise<void> {
    const revoked = await this.keys.revoke(tenantId, keyId);
    if (!revoked) throw ApiError.notFound(`live key ${keyId} of tenant ${tenantId}`);
    await this.credentials.announce({ secretHash: revoked.secretHash });
  }
}
