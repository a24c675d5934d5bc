import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { listSuppressionsSchema, phoneParamSchema, suppressSchema, type ListSuppressionsDto, type SuppressDto } from './suppression.dto.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import { OperatorAuth } from '../auth/producer-auth.js';
import { credentialOf } from '../auth/credential.js';
import { SuppressionService } from './suppression.service.js';

const phoneParam = new ZodPipe(phoneParamSchema, 'phone');

/** The operators' list: phones no tenant's campaign may reach (a legal hold, a number reported for abuse). */
@Controller('v1/admin/suppressions')
@OperatorAuth()
export class OperatorSuppressionsController {
  constructor(private readonly suppressions: SuppressionService) {}

  @Post()
  @HttpCode(201)
  suppress(@Body(new ZodPipe(suppressSchema)) body: SuppressDto, @Req() request: FastifyRequest) {
    return this.suppressions.suppress(credentialOf(request)!, 'operator', body);
  }

  @Get()
  list(@Query(new ZodPipe(listSuppressionsSchema, '(query)')) query: ListSuppressionsDto, @Req() request: FastifyRequest) {
    return this.suppressions.list(credentialOf(request)!, 'operator', query);
  }

  @Get(':phone')
  get(@Param('phone', phoneParam) phone: string, @Req() request: FastifyRequest) {
    return this.suppressions.get(credentialOf(request)!, 'operator', phone);
  }

  @Delete(':phone')
  @HttpCode(204)
  async remove(@Param('phone', phoneParam) phone: string): Promise<void> {
    await this.suppressions.remove('operator', phone);
  }
}
