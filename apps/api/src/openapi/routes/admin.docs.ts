import { operatorListDeadLettersSchema, operatorRedriveSchema } from '../../dead-letters/dead-letter.dto.js';
import {
  createKeySchema,
  createTenantSchema,
  issuedKeySchema,
  keyIdSchema,
  keyListSchema,
  rotatedKeySchema,
  rotateKeySchema,
  tenantIdSchema,
  tenantListSchema,
  tenantViewSchema,
  updateTenantSchema,
} from '../../tenants/tenant.dto.js';
import { error, EXAMPLE_TIME, type RouteDoc } from '../route-doc.js';
import { operationRoutes, suppressionRoutes } from './operations.docs.js';

const tenant = {
  id: 'shop',
  name: 'Shop orders',
  status: 'active',
  apiRatePerSecond: null,
  apiRateBurst: null,
  dailyQuota: 100000,
  timeZone: 'Asia/Seoul',
  weight: 1,
  senderKey: null,
  createdAt: EXAMPLE_TIME,
  updatedAt: EXAMPLE_TIME,
};
const key = {
  id: 'key_3f5a0c1e9b7d',
  tenantId: 'shop',
  prefix: 'hrd_live_Ab3d',
  scopes: [],
  description: 'orders service, production',
  state: 'active',
  createdAt: EXAMPLE_TIME,
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
};
const issued = { ...key, key: 'hrd_live_Ab3dQ2l0c1Vx7ZkP5nG9wYt4rB8mE6hJ1sD0fK3aL2c' };
const tenantParam = { id: { schema: tenantIdSchema, example: 'shop' } };
const keyParams = { ...tenantParam, keyId: { schema: keyIdSchema, example: 'key_3f5a0c1e9b7d' } };
const noTenant = error(404, 'not_found', 'tenant shop not found');
const noKey = error(404, 'not_found', 'live key key_3f5a0c1e9b7d of tenant shop not found');

const tenantRoutes: RouteDoc[] = [
  {
    method: 'post',
    path: '/v1/admin/tenants',
    operationId: 'createTenant',
    tag: 'admin',
    summary: 'Add a tenant (a producing service)',
    auth: 'operatorKey',
    body: [{ schema: createTenantSchema, example: { id: 'shop', name: 'Shop orders', dailyQuota: 100000 } }],
    success: { status: 201, description: 'the tenant', schema: tenantViewSchema, example: tenant },
    errors: [error(409, 'tenant_exists', 'tenant shop exists already', 'id')],
  },
  {
    method: 'get',
    path: '/v1/admin/tenants',
    operationId: 'listTenants',
    tag: 'admin',
    summary: 'Every tenant',
    auth: 'operatorKey',
    success: { status: 200, description: 'the tenants, by id', schema: tenantListSchema, example: { items: [tenant] } },
  },
  {
    method: 'get',
    path: '/v1/admin/tenants/{id}',
    operationId: 'getTenant',
    tag: 'admin',
    summary: 'One tenant and its settings',
    auth: 'operatorKey',
    params: tenantParam,
    success: { status: 200, description: 'the tenant', schema: tenantViewSchema, example: tenant },
    errors: [noTenant],
  },
  {
    method: 'patch',
    path: '/v1/admin/tenants/{id}',
    operationId: 'updateTenant',
    tag: 'admin',
    summary: 'Change settings, or suspend (status) — in force on every API process within a second',
    auth: 'operatorKey',
    params: tenantParam,
    body: [{ schema: updateTenantSchema, example: { status: 'suspended' } }],
    success: { status: 200, description: 'the tenant as it is now', schema: tenantViewSchema, example: { ...tenant, status: 'suspended' } },
    errors: [noTenant],
  },
  {
    method: 'post',
    path: '/v1/admin/tenants/{id}/keys',
    operationId: 'createKey',
    tag: 'admin',
    summary: 'Issue a producer key; the key is in this answer only (Herald keeps its hash)',
    auth: 'operatorKey',
    params: tenantParam,
    body: [{ schema: createKeySchema, example: { description: 'orders service, production' } }],
    success: { status: 201, description: 'the key, shown once', schema: issuedKeySchema, example: issued },
    errors: [noTenant],
  },
  {
    method: 'get',
    path: '/v1/admin/tenants/{id}/keys',
    operationId: 'listKeys',
    tag: 'admin',
    summary: "The tenant's keys (never their secrets): state, created, last used",
    auth: 'operatorKey',
    params: tenantParam,
    success: { status: 200, description: 'the keys, oldest first', schema: keyListSchema, example: { items: [key] } },
    errors: [noTenant],
  },
  {
    method: 'post',
    path: '/v1/admin/tenants/{id}/keys/{keyId}/rotate',
    operationId: 'rotateKey',
    tag: 'admin',
    summary: 'Issue a replacement; the old key keeps working for graceSeconds (default 24 h)',
    auth: 'operatorKey',
    params: keyParams,
    body: [{ schema: rotateKeySchema, example: { graceSeconds: 3600 } }],
    success: {
      status: 201,
      description: 'the replacement, shown once, and the old key with its end',
      schema: rotatedKeySchema,
      example: { ...issued, id: 'key_9c0d1e2f3a4b', replaces: { ...key, state: 'rotating', expiresAt: EXAMPLE_TIME } },
    },
    errors: [noKey],
  },
  {
    method: 'delete',
    path: '/v1/admin/tenants/{id}/keys/{keyId}',
    operationId: 'revokeKey',
    tag: 'admin',
    summary: 'Revoke a key: refused by every API process within a second',
    auth: 'operatorKey',
    params: keyParams,
    success: { status: 204, description: 'revoked' },
    errors: [noKey],
  },
];

/** A producer route's operator twin under /v1/admin: the same answers, for every tenant. */
const operatorTwin = (route: RouteDoc, changes: Partial<RouteDoc>): RouteDoc => ({
  ...route,
  path: route.path.replace('/v1/', '/v1/admin/'),
  operationId: `operator${route.operationId[0]!.toUpperCase()}${route.operationId.slice(1)}`,
  tag: 'admin',
  auth: 'operatorKey',
  ...changes,
});

const [listDead, redriveDead] = operationRoutes;
const operatorDeadLetterRoutes: RouteDoc[] = [
  operatorTwin(listDead!, { summary: "Every tenant's dead notifications (or one tenant's: tenantId)", query: operatorListDeadLettersSchema }),
  operatorTwin(redriveDead!, {
    summary: "Redrive any tenant's dead notifications (tenantId narrows to one)",
    body: [{ schema: operatorRedriveSchema, example: { tenantId: 'shop', code: 'E500' } }],
  }),
];
const operatorSuppressionRoutes = suppressionRoutes.map((route) =>
  operatorTwin(route, { summary: `${route.summary} — the operators' list, which applies to every tenant` }),
);

export const adminRoutes: RouteDoc[] = [...tenantRoutes, ...operatorDeadLetterRoutes, ...operatorSuppressionRoutes];
