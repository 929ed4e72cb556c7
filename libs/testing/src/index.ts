export * from './app-process';
export * from './event-tap';
export * from './test-database';
export * from './test-environment';
export * from './test-search';
export * from './test-vhost';
export * from './unique-name';
export * from './wait-for';
