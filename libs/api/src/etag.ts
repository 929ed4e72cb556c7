import { JobstreamError } from '@jobstream/domain';
import { CallHandler, createParamDecorator, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';

/**
 * HTTP's optimistic locking on top of our row versions: a resource's ETag is its version, and
 * If-Match names the version a write expects (the same as a body's `expectedVersion`).
 */
export const etagOf = (version: number) => `"${version}"`;

const VERSION_ETAG = /^"([1-9]\d{0,14})"$/;

/** The version If-Match names; undefined when absent or `*` (any current version); a 400 when malformed. */
export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '*') return undefined;
  const match = VERSION_ETAG.exec(value);
  if (!match) throw JobstreamError.invalid('If-Match', 'If-Match must be one ETag as GET sent it, such as "3"');
  return Number(match[1]);
}

/** If-Match's version, refusing a request whose body or query names a different expectedVersion. */
export function ifMatchVersion(header: string | string[] | undefined, expectedVersion: unknown): number | undefined {
  const version = parseIfMatch(header);
  if (version !== undefined && expectedVersion !== undefined && Number(expectedVersion) !== version) {
    const message = `If-Match names version ${version} but expectedVersion is ${String(expectedVersion)}`;
    throw new JobstreamError('VALIDATION', message, {
      fields: [
        { field: 'If-Match', messages: [message] },
        { field: 'expectedVersion', messages: [message] },
      ],
    });
  }
  return version;
}

/**
 * A handler parameter: the version If-Match expects, or undefined. Handlers use it before the
 * body's or query's `expectedVersion` (the two must agree when both are given).
 */
export const IfMatch = createParamDecorator((_: unknown, context: ExecutionContext): number | undefined => {
  const request = context.switchToHttp().getRequest<Request>();
  const given = (request.body as { expectedVersion?: unknown } | undefined)?.expectedVersion ?? request.query?.expectedVersion;
  return ifMatchVersion(request.headers['if-match'], given);
});

/** Every HTTP answer carrying a top-level `version` (a single resource, read or written) gets it as its ETag. */
@Injectable()
export class EtagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      tap((result) => {
        const version = (result as { version?: unknown } | null | undefined)?.version;
        if (context.getType() === 'http' && typeof version === 'number') {
          context.switchToHttp().getResponse<Response>().setHeader('ETag', etagOf(version));
        }
      }),
    );
  }
}

/** A write command for the resource at `id`: the body, with the version If-Match expects if it names one. */
export function versionedWrite<B extends { expectedVersion?: number }>(id: string, body: B, ifMatch: number | undefined) {
  return { ...body, id, expectedVersion: ifMatch ?? body.expectedVersion };
}
