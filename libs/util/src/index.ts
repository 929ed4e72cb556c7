export * from './coalesced';
export * from './in-parallel';
export * from './periodic';
export * from './until-succeeds';
