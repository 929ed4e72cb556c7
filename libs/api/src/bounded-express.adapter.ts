import { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import { createServer } from 'node:http';
import { Duplex } from 'node:stream';
import { ErrorBody } from './error-body';

/**
 * The most a request's URL and headers may take together. Node's default (16 KiB) is less than
 * GET /jobs's own limits allow (ten `metadata` filters of up to 4,225 characters each, 20
 * `minVersion` tokens, `q`); 64 KiB holds them in ASCII. A longer request is a 431 in the error shape.
 */
export const HTTP_HEADER_LIMIT_BYTES = 64 * 1024;

/** What Node answers itself (without a listener) to each parse error, and what we say instead. */
const CLIENT_ERRORS: Record<string, { status: number; reason: string; field: string; message: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    field: 'url',
    message: `the request's URL and headers are over the limit of ${HTTP_HEADER_LIMIT_BYTES} bytes`,
  },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', field: 'request', message: 'the request did not arrive in time' },
};
const MALFORMED = { status: 400, reason: 'Bad Request', field: 'request', message: 'the request is not well-formed HTTP/1.1' };

/**
 * A request Node's HTTP parser refuses never reaches the app, and Node answers it with a bare
 * status line: answered here in the error shape instead, naming what is wrong.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const { status, reason, field, message } = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  const body: { error: ErrorBody } = { error: { code: 'VALIDATION', message, details: { fields: [{ field, messages: [message] }] } } };
  const json = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`);
}

/** Nest's Express adapter with a server of our limits (HTTP_HEADER_LIMIT_BYTES) that answers parse errors in the error shape. */
export class BoundedExpressAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    if (options?.httpsOptions || options?.forceCloseConnections) {
      super.initHttpServer(options);
    } else {
      this.httpServer = createServer({ maxHeaderSize: HTTP_HEADER_LIMIT_BYTES }, this.getInstance());
    }
    this.httpServer.on('clientError', answerClientError);
  }
}
