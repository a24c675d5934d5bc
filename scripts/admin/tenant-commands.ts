import type { AdminApi } from './admin-api.js';
import { tenantDetails, tenantTable } from './admin-output.js';
import type { Listing, TenantAnswer } from './api-answers.js';
import type { AdminCommand } from './arguments.js';
import type { Outcome } from './outcome.js';

export type TenantCommand = Extract<AdminCommand, { name: `tenants ${string}` }>;

const tenantPath = (id: string) => `/v1/admin/tenants/${encodeURIComponent(id)}`;

export async function runTenantCommand(api: AdminApi, command: TenantCommand): Promise<Outcome> {
  switch (command.name) {
    case 'tenants create': {
      const tenant = await api<TenantAnswer>('POST', '/v1/admin/tenants', command.body);
      return {
        answer: tenant,
        lines: [`created tenant ${tenant.id}; give it a key with: npm run admin -- keys create --tenant ${tenant.id}`, ...tenantDetails(tenant)],
      };
    }
    case 'tenants list': {
      const listing = await api<Listing<TenantAnswer>>('GET', '/v1/admin/tenants');
      return { answer: listing, lines: tenantTable(listing.items) };
    }
    case 'tenants show': {
      const tenant = await api<TenantAnswer>('GET', tenantPath(command.tenantId));
      return { answer: tenant, lines: tenantDetails(tenant) };
    }
    case 'tenants update': {
      const tenant = await api<TenantAnswer>('PATCH', tenantPath(command.tenantId), command.body);
      return { answer: tenant, lines: [`updated tenant ${tenant.id}; every API process applies it from the next request`, ...tenantDetails(tenant)] };
    }
    case 'tenants suspend': {
      const tenant = await api<TenantAnswer>('PATCH', tenantPath(command.tenantId), { status: 'suspended' });
      const consequence = 'its keys are refused (403 tenant_suspended) until it is resumed; nothing of it is deleted';
      return { answer: tenant, lines: [`suspended tenant ${tenant.id}: ${consequence}`] };
    }
    case 'tenants resume': {
      const tenant = await api<TenantAnswer>('PATCH', tenantPath(command.tenantId), { status: 'active' });
      return { answer: tenant, lines: [`resumed tenant ${tenant.id}: its keys work again`] };
    }
  }
}
