import { INestApplication, Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import compression from 'compression';
import { NextFunction, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Serves a built single-page app under `prefix` (`/ui`) from `dir`, beside the API: its hashed
 * assets cached for good, any other path under the prefix answered with index.html (never
 * cached, so a deploy shows at once) for the app's router, and `/` redirected to it, so a person
 * who opens the gateway's address lands on the app. Gzipped (the `compression` middleware) under
 * the prefix only: the API's answers are small and per request. Plain Express middleware: no API route is
 * reached, so neither the access guard nor the API's validation applies.
 */
export function serveSinglePageApp(app: INestApplication, dir: string, prefix = '/ui'): void {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) {
    new Logger('Dashboard').warn(`no dashboard at ${root} (run npm run build): ${prefix}/ answers 404`);
    return;
  }
  const express = app as NestExpressApplication;
  express.use(prefix, compression());
  express.useStaticAssets(join(root, 'assets'), { prefix: `${prefix}/assets/`, immutable: true, maxAge: '365d' });
  express.use(prefix, (request: Request, response: Response, next: NextFunction) => {
    // A missing asset is the API's 404, not the page.
    if ((request.method !== 'GET' && request.method !== 'HEAD') || request.path.startsWith('/assets/')) return next();
    response.setHeader('Cache-Control', 'no-cache');
    // With `root`: send's dot-file rule then looks only below it, so a dashboard under .run/ is served too.
    response.sendFile('index.html', { root });
  });
  const http = express.getHttpAdapter();
  http.get('/', (_request: unknown, response: unknown) => http.redirect(response, 302, `${prefix}/`));
}
