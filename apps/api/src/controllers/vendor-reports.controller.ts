import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { deliveryReportsSchema, type DeliveryReportDto } from '../dtos/report.dto.js';
import { ZodPipe } from '../dtos/zod-body.pipe.js';
import { ReportSignatureGuard } from '../guards/report-signature.guard.js';
import { ReportService } from '../services/report.service.js';

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
