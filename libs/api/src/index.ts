export * from './bootstrap';
export * from './error-body';
export * from './etag';
export * from './http-error.filter';
export * from './rpc-error.filter';
export * from './validation.pipe';
export * from './error.response';
export * from './openapi';
