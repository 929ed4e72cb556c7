import { AuditPage, AuditRecord, AuditTrail } from '@jobstream/audit';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { ListAuditQuery } from './dto/list-audit.query';
import { PageOf } from './dto/page.response';

/** The audit trail, admin only by the access rule for /audit (libs/access). */
@Controller('audit')
export class AuditController {
  constructor(private readonly trail: AuditTrail) {}

  @Get()
  @ApiOkResponse({ type: PageOf(AuditRecord) })
  list(@Query() query: ListAuditQuery): Promise<AuditPage> {
    return this.trail.find(query);
  }
}
