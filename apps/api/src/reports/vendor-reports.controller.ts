import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { deliveryReportsSchema, type DeliveryReportDto } from './report.dto.js';
import { ZodPipe } from '../http/zod-body.pipe.js';
import { ReportSignatureGuard } from './report-signature.guard.js';
import { ReportService } from './report.service.js';

/** The vendor's delivery-report callback; authenticated by signature, not API key. */
@Controller('v1/vendor/reports')
@UseGuards(ReportSignatureGuard)
export class VendorReportsController {
  constructor(private readonly reports: ReportService) {}

  @Post()
  @HttpCode(200)
  receive(@Body(new ZodPipe(deliveryReportsSchema)) reports: DeliveryReportDto[]) {
    return this.reports.accept(reports);
  }
}
