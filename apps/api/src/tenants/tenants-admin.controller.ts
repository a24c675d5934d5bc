import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { OperatorAuth } from '../auth/producer-auth.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import {
  createKeySchema,
  createTenantSchema,
  keyIdSchema,
  rotateKeySchema,
  tenantIdSchema,
  updateTenantSchema,
  type CreateKeyDto,
  type CreateTenantDto,
  type RotateKeyDto,
  type TenantList,
  type TenantView,
  type UpdateTenantDto,
} from './tenant.dto.js';
import { TenantAdminService } from './tenant-admin.service.js';

const tenantId = new ZodPipe(tenantIdSchema, 'id');
const keyId = new ZodPipe(keyIdSchema, 'keyId');

/** Tenants (producing services) and their API keys: operators only. */
@Controller('v1/admin/tenants')
@OperatorAuth()
export class TenantsAdminController {
  constructor(private readonly admin: TenantAdminService) {}

  @Post()
  @HttpCode(201)
  create(@Body(new ZodPipe(createTenantSchema)) body: CreateTenantDto): Promise<TenantView> {
    return this.admin.create(body);
  }

  @Get()
  async list(): Promise<TenantList> {
    return { items: await this.admin.list() };
  }

  @Get(':id')
  get(@Param('id', tenantId) id: string): Promise<TenantView> {
    return this.admin.get(id);
  }

  @Patch(':id')
  update(@Param('id', tenantId) id: string, @Body(new ZodPipe(updateTenantSchema)) body: UpdateTenantDto): Promise<TenantView> {
    return this.admin.update(id, body);
  }

  @Post(':id/keys')
  @HttpCode(201)
  createKey(@Param('id', tenantId) id: string, @Body(new ZodPipe(createKeySchema)) body: CreateKeyDto) {
    return this.admin.createKey(id, body);
  }

  @Get(':id/keys')
  listKeys(@Param('id', tenantId) id: string) {
    return this.admin.listKeys(id);
  }

  @Post(':id/keys/:keyId/rotate')
  @HttpCode(201)
  rotateKey(@Param('id', tenantId) id: string, @Param('keyId', keyId) key: string, @Body(new ZodPipe(rotateKeySchema)) body: RotateKeyDto) {
    return this.admin.rotateKey(id, key, body.graceSeconds);
  }

  @Delete(':id/keys/:keyId')
  @HttpCode(204)
  async revokeKey(@Param('id', tenantId) id: string, @Param('keyId', keyId) key: string): Promise<void> {
    await this.admin.revokeKey(id, key);
  }
}
