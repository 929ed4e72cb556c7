import { ApiKeyService, ApiKeyView, CurrentPrincipal, IssuedApiKey, Principal, RequestActor, RolesService, SessionsService, UserRoles } from '@jobstream/access';
import { UuidParamPipe } from '@jobstream/api';
import { AuditActor } from '@jobstream/audit';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { IssueApiKeyBody, ListApiKeysQuery, SetRolesBody } from './dto/access.bodies';
import { SetPasswordBody } from './dto/session.bodies';

/** Admin only, by the access rule for /api-keys and writes under /users (libs/access). Every write is audited. */
@Controller()
export class AccessController {
  constructor(
    private readonly keys: ApiKeyService,
    private readonly roles: RolesService,
    private readonly sessions: SessionsService,
  ) {}

  /** The answer is the only place the key's secret ever appears. */
  @Post('api-keys')
  issue(@Body() body: IssueApiKeyBody, @RequestActor() actor: AuditActor): Promise<IssuedApiKey> {
    return this.keys.issue(body, actor);
  }

  @Get('api-keys')
  list(@Query() query: ListApiKeysQuery): Promise<ApiKeyView[]> {
    return this.keys.list(query);
  }

  @Delete('api-keys/:id')
  @HttpCode(204)
  revoke(@Param('id', UuidParamPipe) id: string, @RequestActor() actor: AuditActor): Promise<void> {
    return this.keys.revoke(id, actor);
  }

  @Get('users/:id/roles')
  rolesOf(@Param('id', UuidParamPipe) id: string): Promise<UserRoles> {
    return this.roles.of(id);
  }

  @Put('users/:id/roles')
  setRoles(
    @Param('id', UuidParamPipe) id: string,
    @Body() body: SetRolesBody,
    @CurrentPrincipal() admin: Principal,
    @RequestActor() actor: AuditActor,
  ): Promise<UserRoles> {
    return this.roles.assign({ userId: id, roles: body.roles, assignedBy: admin.userId, replace: true }, actor);
  }

  /** Lets the user sign in to the dashboard with this password; their open sessions end. */
  @Put('users/:id/password')
  @HttpCode(204)
  setPassword(@Param('id', UuidParamPipe) id: string, @Body() body: SetPasswordBody, @RequestActor() actor: AuditActor): Promise<void> {
    return this.sessions.setPassword(id, body.password, actor);
  }
}
