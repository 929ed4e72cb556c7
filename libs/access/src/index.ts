export * from './access-policy';
export * from './access.module';
export * from './api-key.service';
export * from './decorators';
export * from './permissions';
export * from './principal-cache';
export * from './roles.service';
