export * from './access-policy';
export * from './access.module';
export * from './api-key.service';
export * from './decorators';
export * from './request-actor';
export * from './permissions';
export * from './principal-cache';
export * from './roles.service';
