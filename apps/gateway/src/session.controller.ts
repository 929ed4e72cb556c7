import { Anonymous, CurrentPrincipal, Principal, RequestActor, SESSION_COOKIE, SessionsService, SessionView, sessionTokenOf, SignInLimiter } from '@jobstream/access';
import { AuditActor } from '@jobstream/audit';
import { JobstreamError } from '@jobstream/domain';
import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CookieOptions, Request, Response } from 'express';
import { SignInBody } from './dto/session.bodies';

/** HttpOnly (no script reads it), SameSite=Strict (no other site's request carries it), Secure behind TLS. */
const cookieOptions = (request: Request, expires?: Date): CookieOptions => ({
  httpOnly: true,
  sameSite: 'strict',
  secure: request.secure,
  path: '/',
  ...(expires ? { expires } : {}),
});

/** Sign-in for people (the dashboard); machines keep using API keys. */
@Controller('auth/session')
export class SessionController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly limiter: SignInLimiter,
  ) {}

  /** 401 for a wrong email or password alike; 429 after SIGN_IN_FAILURES_PER_MINUTE failures from one address. */
  @Post()
  @Anonymous()
  @HttpCode(200)
  async signIn(@Body() body: SignInBody, @RequestActor() actor: AuditActor, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionView> {
    this.limiter.check(actor.ipAddress);
    const signedIn = await this.sessions.signIn(body.email, body.password, actor);
    if (!signedIn) {
      this.limiter.failed(actor.ipAddress);
      throw new JobstreamError('UNAUTHENTICATED', 'wrong email or password');
    }
    const { token, ...view } = signedIn;
    response.cookie(SESSION_COOKIE, token, cookieOptions(request, new Date(view.expiresAt)));
    return view;
  }

  /** Who is signed in (with the CSRF token for writes); 401 when the session has ended. */
  @Get()
  current(@CurrentPrincipal() principal: Principal & { view?: SessionView }): SessionView {
    if (!principal.view) throw new JobstreamError('VALIDATION', 'this request is authenticated by an API key, not a session', { fields: [{ field: 'cookie', messages: ['no session'] }] });
    return principal.view;
  }

  @Delete()
  @Anonymous()
  @HttpCode(204)
  async signOut(@RequestActor() actor: AuditActor, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    const token = sessionTokenOf(request);
    if (token) await this.sessions.signOut(token, actor);
    response.clearCookie(SESSION_COOKIE, cookieOptions(request));
  }
}
