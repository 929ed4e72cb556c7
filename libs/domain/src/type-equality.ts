/**
 * Compile-time agreement between two shapes where one cannot be derived from the other (a
 * TypeORM entity, or the domain's Job below the event contract): `type _ = Expect<Equal<A, B>>`
 * fails typecheck when they drift. Types only: nothing of this exists at run time.
 */

/** True when A and B are the same type: stricter than assignability both ways (it tells `any`, optional and readonly apart). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Accepts only `true`: where a failed Equal is reported. */
export type Expect<T extends true> = T;
