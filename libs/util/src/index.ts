export * from './in-parallel';
export * from './periodic';
