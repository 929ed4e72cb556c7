export * from './in-parallel';
