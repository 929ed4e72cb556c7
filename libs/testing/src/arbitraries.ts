import { METADATA_LIMITS, WORKSPACE_STATUSES } from '@jobstream/contracts';
import { JOB_STATUSES, JOB_TYPES } from '@jobstream/domain';
import fc, { Arbitrary } from 'fast-check';

/**
 * fast-check arbitraries for the API's inputs: commands (HTTP bodies and AMQP payloads) and job
 * search query strings that mix valid values with every kind of input that has broken an edge
 * before: wrong types, missing and unknown fields, NUL, lone surrogates, huge strings, deep
 * nesting, odd numbers and odd Unicode, metadata near and past each of METADATA_LIMITS.
 *
 * Values are data only: what they refer to in a running system (an existing user, the current
 * version of a job) is an EntityRef or VersionRef, resolved by the test when it sends them.
 */

/** Entities a command may name, by what the test's world holds of them. */
export type EntityPool = 'user' | 'deletedUser' | 'workspace' | 'deletedWorkspace' | 'job' | 'deletedJob';

/** The `pick`-th entity of a pool of the running system (modulo its size), chosen when the command is sent. */
export class EntityRef {
  constructor(
    readonly pool: EntityPool,
    readonly pick: number,
  ) {}
}

/** The target's version as the test last saw it, plus `offset` (-1: stale, +1: not yet). */
export class VersionRef {
  constructor(readonly offset: number) {}
}

/** A body sent as this text, not as JSON of a value: malformed JSON, a top-level scalar. */
export class RawBody {
  constructor(readonly text: string) {}
}

/** A field left out of the body. */
export const ABSENT: unique symbol = Symbol('absent');

const entity = (...pools: EntityPool[]): Arbitrary<EntityRef> =>
  fc.tuple(fc.constantFrom(...pools), fc.nat({ max: 1_000 })).map(([pool, pick]) => new EntityRef(pool, pick));

/** Emoji, right-to-left text and overrides, combining marks, zero-width and BOM, line separators. */
export const ODD_UNICODE = [
  '🚀 build',
  '👩‍👩‍👧‍👦',
  '🇫🇷🏳️‍🌈',
  'שלום עולם',
  'مرحبا بالعالم',
  '\u202Eevil\u202C',
  'e\u0301\u0302\u0303\u0304',
  'Z̸͇̰̓a̵l̸g̶o̷',
  '\uFEFFbom',
  'a\u200Bb\u200D',
  '\u2028\u2029',
  '\uFFFD\uFFFF',
  '𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
  'ǅ ß ﬁ İ',
  '日本語のテキスト',
] as const;

/** Text that means something elsewhere: query syntax, escapes, separators, markup. */
export const SPECIAL_TEXT = ['', ' ', '   ', '\t\n\r', '%00', '%FF', '%', '+', '\\', '"\'`', '<script>', 'a AND b OR *', 'key=value', 'a:b:c', '../..', 'null', 'undefined', 'NaN', '0', '-1', 'true'] as const;

/** `length` UTF-16 units of `char` (cut so no surrogate pair is split). */
export function sized(length: number, char = 'x'): string {
  const text = char.repeat(Math.ceil(length / char.length)).slice(0, length);
  return /[\uD800-\uDBFF]$/.test(text) ? `${text.slice(0, -1)}x` : text;
}

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

/** Strings of `lengths` UTF-16 units in one-, two- and four-byte characters, and in base + combining mark pairs. */
const stringsOf = (lengths: number[]): Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...lengths), fc.constantFrom('x', 'é', '🚀', 'ש', 'e\u0301')).map(([length, char]) => sized(Math.max(0, length), char));

/** Strings around `limits`: one under, exactly at, one over. */
export const stringNear = (...limits: number[]): Arbitrary<string> => stringsOf(limits.flatMap((limit) => [limit - 1, limit, limit + 1]));

/**
 * Text a field of these `limits` must take: ordinary, odd Unicode (emoji, right-to-left,
 * combining marks, zero-width, control characters), special characters, and strings at or one
 * under each limit (counted in UTF-16 units: an emoji is two).
 */
export function validText({ minLength = 0, limits = [] as number[] } = {}): Arbitrary<string> {
  const min = Math.max(1, minLength);
  const atLimits = limits.length > 0 ? [{ weight: 2, arbitrary: stringsOf(limits.flatMap((limit) => [limit - 1, limit])) }] : [];
  return fc.oneof(
    ...atLimits,
    { weight: 8, arbitrary: fc.string({ minLength: min, maxLength: 30 }) },
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: 12 }) },
    { weight: 2, arbitrary: fc.constantFrom(...ODD_UNICODE) },
    { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_TEXT.filter((text) => text.length >= minLength)) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: min, maxLength: 20 }).map((text) => text.replaceAll('\u0000', '\u0001')) },
  );
}

/**
 * Text no field may take: with NUL, with a lone surrogate, one over each of `limits`, and (unless
 * `huge` is false) far over any limit, up to more than an HTTP body may carry.
 */
export function invalidText({ limits = [] as number[], huge = true } = {}): Arbitrary<string> {
  const ordinary = fc.string({ maxLength: 12 });
  const over = limits.length > 0 ? [{ weight: 2, arbitrary: stringsOf(limits.map((limit) => limit + 1)) }] : [];
  const far = huge ? [{ weight: 1, arbitrary: fc.constantFrom(5_000, 20_000, 120_000).map((length) => sized(length, 'y')) }] : [];
  return fc.oneof(
    ...over,
    ...far,
    { weight: 2, arbitrary: fc.tuple(ordinary, ordinary).map(([a, b]) => `${a}\u0000${b}`) },
    { weight: 2, arbitrary: fc.tuple(ordinary, loneSurrogate, ordinary).map(([a, surrogate, b]) => `${a}${surrogate}${b}`) },
  );
}

/** Any text: mostly what a field of these limits takes, sometimes what none may (see validText, invalidText). */
export const oddText = (options: { minLength?: number; limits?: number[]; huge?: boolean } = {}): Arbitrary<string> =>
  fc.oneof({ weight: 4, arbitrary: validText(options) }, { weight: 1, arbitrary: invalidText(options) });

/** Numbers JSON can carry that code tends to get wrong; NaN and ±Infinity arrive as null. */
export const oddNumber: Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 1, -1, 0.5, 1e21, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e308, 5e-324, Number.MAX_SAFE_INTEGER, NaN, Infinity),
);

/** Objects or arrays nested `levels` deep. */
export function nestedValue(levels: number, array = false): unknown {
  let value: unknown = { leaf: 1 };
  for (let level = 1; level < levels; level++) value = array ? [value] : { a: value };
  return value;
}

/** A value of any JSON type, for a field that expects another: wrong types, deep nesting, odd numbers. */
export const wrongType: Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: oddNumber },
  { weight: 2, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), { maxLength: 3 }) },
  { weight: 2, arbitrary: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(20, 33, 40, 600).chain((levels) => fc.boolean().map((array) => nestedValue(levels, array))) },
  { weight: 1, arbitrary: oddText() },
);

/** Strings that look like ids but are not UUIDs, or barely are (upper case is a UUID too). */
const notUuid = fc.oneof(
  fc.constantFrom('nope', '', ' ', '0', '1', 'null', '00000000-0000-0000-0000-00000000000', '00000000-0000-0000-0000-0000000000000', '{01900000-0000-7000-8000-000000000000}', '01900000000070008000000000000000', '0190000-0000-7000-8000-000000000000g'),
  fc.uuid().map((id) => id.toUpperCase()),
  fc.uuid().map((id) => ` ${id}`),
  oddText(),
);

/** An id no live entity has: a deleted one of `pools`, a fresh UUID, or no UUID at all. */
const badId = (...pools: EntityPool[]): Arbitrary<unknown> =>
  fc.oneof(...(pools.length > 0 ? [{ weight: 2, arbitrary: entity(...pools) }] : []), { weight: 1, arbitrary: fc.uuid() }, { weight: 2, arbitrary: notUuid });

/** expectedVersion (or If-Match's): the current version, or absent. */
const currentVersion = fc.constant(new VersionRef(0));
/** A stale or future version, or no version at all. */
const badVersion: Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(-1, 1).map((offset) => new VersionRef(offset)) },
  { weight: 2, arbitrary: fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53, 1e21, '1', '2') },
);

/** If-Match: malformed ones (weak, lists, unquoted, leading zeros, huge), `*`, or a stale ETag. */
const badIfMatch: Arbitrary<VersionRef | string> = fc.oneof(
  fc.constantFrom(-1, 1).map((offset) => new VersionRef(offset)),
  fc.constantFrom('*', '"0"', '"01"', '1', 'W/"1"', '"1", "2"', '"abc"', '""', '"9999999999999999"', '"2147483648"', ' * ', 'é', '"1"\t'),
);

/**
 * Names the edge refuses as keys at any depth: the validation would drop them (Nest strips
 * `__proto__`, `prototype`, `constructor`; class-transformer skips Object.prototype's methods).
 */
export const RESERVED_KEYS: readonly string[] = ['prototype', ...Object.getOwnPropertyNames(Object.prototype)];

/** `value` without reserved keys at any depth (fast-check's dictionaries produce `__proto__` on purpose). */
function withoutReservedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(withoutReservedKeys);
  return Object.fromEntries(Object.entries(value).flatMap(([key, child]) => (RESERVED_KEYS.includes(key) ? [] : [[key, withoutReservedKeys(child)]])));
}

/** Keys a metadata object may have: ordinary, odd Unicode, dots, colons, `=`, empty, names of JavaScript things, at 128. */
const metadataKey: Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '.', 'a.b', 'a..b', 'k:v', 'k=v', 'length', 'name', '__proto__x', 'then', '$ref', 'retries', 'canary', 'n') },
  { weight: 1, arbitrary: validText({ limits: [METADATA_LIMITS.maxKeyLength] }) },
);

/** Scalars a metadata entry may hold: JSON numbers of every kind (NaN and ±Infinity travel as null), strings up to 4,096. */
const metadataScalar: Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 2, arbitrary: oddNumber },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: validText({ limits: [METADATA_LIMITS.maxStringLength] }) },
);

/** Objects of `keys` keys spread over nested levels: `perLevel` keys, then one nested object holding the rest. */
function metadataWithKeys(keys: number, perLevel: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let level = root;
  for (let made = 0; made < keys; made++) {
    if (made > 0 && made % perLevel === 0 && made < keys - 1) {
      const child: Record<string, unknown> = {};
      level[`nested${made}`] = child;
      level = child;
      continue;
    }
    level[`k${made}`] = made;
  }
  return root;
}

/** String values that make the object exactly `bytes` bytes as JSON, each under the string limit. */
function metadataOfBytes(bytes: number, char: string): Record<string, unknown> {
  const metadata: Record<string, string> = {};
  const size = () => Buffer.byteLength(JSON.stringify(metadata));
  const perValue = Math.floor(METADATA_LIMITS.maxStringLength / char.length) * char.length;
  for (let index = 0; size() < bytes; index++) {
    const key = `v${index}`;
    metadata[key] = '';
    let value = '';
    while (value.length + char.length <= perValue && size() - Buffer.byteLength(JSON.stringify(value)) + Buffer.byteLength(JSON.stringify(value + char)) <= bytes) {
      value += char;
      metadata[key] = value;
    }
    // Pad with one-byte characters to the exact size, when the last character was wider.
    while (size() < bytes && value.length < METADATA_LIMITS.maxStringLength) {
      value += 'x';
      metadata[key] = value;
    }
    if (value.length === 0) break;
  }
  return metadata;
}

/**
 * `metadata` a job may carry: small objects of scalars or of any JSON, and objects exactly at or
 * one under each of METADATA_LIMITS (serialized bytes, in one- to four-byte characters; depth in
 * objects and arrays; keys at all levels; key length; string length).
 */
const validMetadata: Arbitrary<unknown> = fc.oneof(
  { weight: 10, arbitrary: fc.dictionary(metadataKey, metadataScalar, { maxKeys: 6 }).map(withoutReservedKeys) },
  { weight: 3, arbitrary: fc.dictionary(metadataKey, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }).map(withoutReservedKeys) },
  { weight: 1, arbitrary: fc.constant({ n: null, retries: 3, canary: true, team: 'billing' }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: -2, max: 0 }), fc.constantFrom('x', 'é', '€', '🚀'))
      .map(([delta, char]) => metadataOfBytes(METADATA_LIMITS.maxBytes + delta, char)),
  },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: -1, max: 0 }), fc.boolean()).map(([delta, array]) => ({ deep: nestedValue(METADATA_LIMITS.maxDepth - 1 + delta, array) })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: -1, max: 0 }), fc.constantFrom(200, 50, 30)).map(([delta, perLevel]) => metadataWithKeys(METADATA_LIMITS.maxKeys + delta, perLevel)) },
  { weight: 1, arbitrary: stringsOf([METADATA_LIMITS.maxKeyLength - 1, METADATA_LIMITS.maxKeyLength]).map((key) => ({ [key]: 1 })) },
  { weight: 1, arbitrary: stringsOf([METADATA_LIMITS.maxStringLength - 1, METADATA_LIMITS.maxStringLength]).map((value) => ({ log: value })) },
);

/** `metadata` no job may carry: one past each limit, far past them (a build log, 1,050 levels), NUL or a lone surrogate in a key, or no object. */
const invalidMetadata: Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.constantFrom('x', 'é', '€', '🚀')).map(([delta, char]) => metadataOfBytes(METADATA_LIMITS.maxBytes + delta, char)) },
  { weight: 1, arbitrary: fc.boolean().map((array) => ({ deep: nestedValue(METADATA_LIMITS.maxDepth, array) })) },
  { weight: 1, arbitrary: fc.constantFrom(200, 50, 30).map((perLevel) => metadataWithKeys(METADATA_LIMITS.maxKeys + 1, perLevel)) },
  { weight: 1, arbitrary: stringsOf([METADATA_LIMITS.maxKeyLength + 1]).map((key) => ({ [key]: 1 })) },
  { weight: 1, arbitrary: stringsOf([METADATA_LIMITS.maxStringLength + 1]).map((value) => ({ log: value })) },
  { weight: 1, arbitrary: fc.constantFrom({ log: sized(40_000) }, nestedValue(1_050), { 'a\u0000b': 1 }, { 'a\ud800': 1 }, { note: 'a\u0000b' }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...RESERVED_KEYS), fc.boolean()).map(([key, nested]) => JSON.parse(nested ? `{"a":{"${key}":1}}` : `{"${key}":"x"}`)) },
  { weight: 1, arbitrary: wrongType.filter((value) => typeof value !== 'object' || value === null || Array.isArray(value)) },
);

/** Any `metadata`: mostly what a job may carry (see validMetadata, invalidMetadata). */
export const metadata: Arbitrary<unknown> = fc.oneof({ weight: 3, arbitrary: validMetadata }, { weight: 1, arbitrary: invalidMetadata });

/**
 * A field of a command: `valid` values it must accept, `invalid` ones it must refuse (besides
 * values of a wrong type, which any field must refuse).
 */
export interface FieldSpec {
  required?: boolean;
  valid: Arbitrary<unknown>;
  invalid?: Arbitrary<unknown>;
}

const field = (valid: Arbitrary<unknown>, invalid?: Arbitrary<unknown>, required = false): FieldSpec => ({ valid, invalid, required });
const required = (valid: Arbitrary<unknown>, invalid?: Arbitrary<unknown>): FieldSpec => field(valid, invalid, true);

/** Names no command has, or has in another case or spacing; `correlationId` is unknown to HTTP bodies. */
const unknownFieldName = fc.constantFrom('surprise', 'version', 'Status', 'userId ', 'ID', 'constructor', 'deletedAt', '', '__proto__', 'correlationId');

/** A body of valid values only: required fields present, optional ones present or not. */
function cleanBody(fields: Record<string, FieldSpec>): Arbitrary<Record<string, unknown>> {
  return fc
    .record(Object.fromEntries(Object.entries(fields).map(([name, spec]) => [name, spec.required ? spec.valid : fc.oneof(spec.valid, fc.constant(ABSENT))])))
    .map(withoutAbsent);
}

/**
 * A body with some fields invalid, of a wrong type, or missing, now and then unknown fields, and
 * rarely no JSON object at all.
 */
function dirtyBody(fields: Record<string, FieldSpec>): Arbitrary<unknown> {
  const record = fc.record(
    Object.fromEntries(
      Object.entries(fields).map(([name, spec]) => [
        name,
        fc.oneof(
          { weight: 12, arbitrary: spec.valid },
          { weight: 3, arbitrary: spec.invalid ?? wrongType },
          { weight: 1, arbitrary: wrongType },
          { weight: spec.required ? 1 : 6, arbitrary: fc.constant(ABSENT) },
        ),
      ]),
    ),
  );
  const extra = fc.oneof({ weight: 5, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: fc.dictionary(unknownFieldName, wrongType, { minKeys: 1, maxKeys: 2 }) });
  const body = fc.tuple(record, extra).map(([values, unknown]) => ({ ...withoutAbsent(values), ...unknown }));
  const notAnObject = fc.constantFrom<unknown>(null, [], [{}], 'text', 42, true, nestedValue(40), new RawBody('{'), new RawBody('{"a":1}x'), new RawBody(''), new RawBody('\u0000'));
  return fc.oneof({ weight: 20, arbitrary: body }, { weight: 1, arbitrary: notAnObject });
}

const withoutAbsent = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ABSENT));

const validEmail = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.stringMatching(/^[a-z0-9]{1,8}(?:[._%+-][a-z0-9]{1,6})?$/), fc.constantFrom('example.com', 'mail.example.org', 'x.io')).map(([local, domain]) => `${local}@${domain}`) },
  { weight: 1, arbitrary: fc.constantFrom('Ann@Example.COM', 'a+tag@example.com', `${sized(64)}@${sized(60)}.com`) },
);
const invalidEmail = fc.oneof(
  fc.constantFrom('a@b', '@example.com', 'a@@example.com', 'δοκιμή@example.com', 'ann@exämple.com', '"a b"@example.com', `${sized(250)}@example.com`),
  invalidText(),
);

const nameLimits = { minLength: 1, limits: [255] };
const projectName = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('backend-api', 'frontend', 'billing') }, { weight: 6, arbitrary: validText(nameLimits) });
const arch = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('amd64', 'arm64') }, { weight: 3, arbitrary: validText({ limits: [50] }) });
const requiredArch = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('amd64', 'arm64') }, { weight: 3, arbitrary: validText({ minLength: 1, limits: [50] }) });
const emptyOr = (text: Arbitrary<string>) => fc.oneof(fc.constant(''), text);

export type CommandOp =
  | 'createJob'
  | 'transitionJob'
  | 'deleteJob'
  | 'createUser'
  | 'updateUser'
  | 'deleteUser'
  | 'createWorkspace'
  | 'updateWorkspace'
  | 'deleteWorkspace';

/**
 * One command, for either edge: HTTP sends `target` in the path (the AMQP payload's `id`), the
 * rest as the body (DELETE: `expectedVersion` as the query) with If-Match; AMQP sends one payload.
 */
export interface CommandCase {
  op: CommandOp;
  /** Whether every value was meant to be valid (the command may still be refused, e.g. an illegal transition). */
  clean: boolean;
  /** The entity a write to an existing one names (path id or the payload's `id`). */
  target?: unknown;
  body: unknown;
  ifMatch?: VersionRef | string;
  /** AMQP only: the command's correlationId and actor headers, valid or not. */
  correlationId?: unknown;
  headers?: Record<string, unknown>;
}

const expectedVersion = field(currentVersion, badVersion);

const BODIES: Record<CommandOp, Record<string, FieldSpec>> = {
  createJob: {
    // A deleted job's id is refused (CONFLICT), as an id that is not a UUID is.
    id: field(fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: entity('job') }), fc.oneof(notUuid, entity('deletedJob'))),
    userId: required(entity('user'), badId('deletedUser')),
    workspaceId: field(entity('workspace'), badId('deletedWorkspace')),
    type: required(fc.constantFrom(...JOB_TYPES), fc.constantFrom('image_build', 'IMAGE BUILD', '')),
    projectName: required(projectName, invalidText(nameLimits)),
    hostname: field(emptyOr(validText({ limits: [255] })), invalidText({ limits: [255] })),
    arch: field(emptyOr(arch), invalidText({ limits: [50] })),
    metadata: field(validMetadata, invalidMetadata),
  },
  transitionJob: {
    status: required(fc.constantFrom(...JOB_STATUSES), fc.constantFrom('running', 'DONE', '')),
    errorMessage: field(validText({ limits: [10_000] }), invalidText({ limits: [10_000] })),
    expectedVersion,
  },
  deleteJob: { expectedVersion },
  createUser: { id: field(fc.uuid(), fc.oneof(entity('user', 'deletedUser'), notUuid)), email: required(validEmail, invalidEmail), name: required(validText(nameLimits), invalidText(nameLimits)) },
  updateUser: { email: field(validEmail, invalidEmail), name: field(validText(nameLimits), invalidText(nameLimits)), expectedVersion },
  deleteUser: { expectedVersion },
  createWorkspace: {
    id: field(fc.uuid(), fc.oneof(entity('workspace', 'deletedWorkspace'), notUuid)),
    userId: required(entity('user'), badId('deletedUser')),
    projectName: required(projectName, invalidText(nameLimits)),
    arch: required(requiredArch, invalidText({ limits: [50] })),
    hostname: field(emptyOr(validText({ limits: [255] })), invalidText({ limits: [255] })),
    status: field(fc.constantFrom(...WORKSPACE_STATUSES), fc.constantFrom('running', '')),
    parentName: field(validText({ limits: [255] }), invalidText({ limits: [255] })),
  },
  updateWorkspace: {
    hostname: field(emptyOr(validText({ limits: [255] })), invalidText({ limits: [255] })),
    status: field(fc.constantFrom(...WORKSPACE_STATUSES), fc.constantFrom('running', '')),
    expectedVersion,
  },
  deleteWorkspace: { expectedVersion },
};

/** Who a write to an existing entity names: a live one, else (dirty commands) a deleted, unknown or malformed id. */
const TARGETS: Partial<Record<CommandOp, [EntityPool, EntityPool]>> = {
  transitionJob: ['job', 'deletedJob'],
  deleteJob: ['job', 'deletedJob'],
  updateUser: ['user', 'deletedUser'],
  deleteUser: ['user', 'deletedUser'],
  updateWorkspace: ['workspace', 'deletedWorkspace'],
  deleteWorkspace: ['workspace', 'deletedWorkspace'],
};

/** How often each command is tried: mostly job writes, rarely deletes of owners (they shrink the pools). */
const WEIGHTS: Record<CommandOp, number> = {
  createJob: 10,
  transitionJob: 8,
  deleteJob: 2,
  createUser: 3,
  updateUser: 2,
  deleteUser: 1,
  createWorkspace: 3,
  updateWorkspace: 2,
  deleteWorkspace: 1,
};

/** Valid AMQP actor headers (see the AMQP guide's table), some of them or none. */
const validActorHeaders: Arbitrary<Record<string, unknown>> = fc.record(
  {
    'x-actor-id': fc.uuid(),
    'x-client-ip': fc.oneof(fc.ipV4(), fc.ipV6()),
    'x-user-agent': fc.constantFrom('curl/8.5.0', 'Mozilla/5.0 (X11; Linux x86_64)', sized(600)),
    'x-correlation-id': fc.stringMatching(/^[A-Za-z0-9._:@-]{1,200}$/),
  },
  { requiredKeys: [] },
);

/**
 * Malformed AMQP actor headers, which must be recorded as the system's (null), never fail the
 * command. Never huge: headers must fit one AMQP frame (128 kB), or the client cannot send them.
 */
const anyActorHeaders: Arbitrary<Record<string, unknown>> = fc.record(
  {
    'x-actor-id': fc.oneof(fc.uuid(), fc.constantFrom('nope', '', 'NULL'), fc.uuid().map((id) => id.toUpperCase()), oddText({ huge: false })),
    'x-client-ip': fc.oneof(fc.ipV4(), fc.ipV6(), fc.constantFrom('fe80::1%eth0', '::ffff:10.0.0.1', '256.1.1.1', 'localhost', '')),
    'x-user-agent': fc.oneof(fc.constantFrom('curl/8.5.0'), oddText({ limits: [512], huge: false })),
    'x-correlation-id': fc.oneof(fc.stringMatching(/^[A-Za-z0-9._:@-]{1,200}$/), oddText({ limits: [128, 200], huge: false })),
  },
  { requiredKeys: [] },
);

const validCorrelationId = fc.stringMatching(/^[A-Za-z0-9._:@-]{1,40}$/);

/**
 * A command of any kind, for HTTP (`headers` and `correlationId` unused) or AMQP: two in five
 * clean (every value valid, so most are accepted and must become searchable), the rest dirty.
 */
export function commandCase(): Arbitrary<CommandCase> {
  return fc
    .tuple(
      fc.oneof(...(Object.keys(WEIGHTS) as CommandOp[]).map((op) => ({ weight: WEIGHTS[op], arbitrary: fc.constant(op) }))),
      fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 3, arbitrary: fc.constant(false) }),
    )
    .chain(([op, clean]) => {
      const pools = TARGETS[op];
      const target = pools ? (clean ? entity(pools[0]) : fc.oneof({ weight: 4, arbitrary: entity(pools[0]) }, { weight: 1, arbitrary: badId(pools[1]) })) : fc.constant(undefined);
      return fc.record(
        {
          op: fc.constant(op),
          clean: fc.constant(clean),
          target,
          body: clean ? cleanBody(BODIES[op]) : dirtyBody(BODIES[op]),
          ifMatch: clean
            ? fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: currentVersion })
            : fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: currentVersion }, { weight: 2, arbitrary: badIfMatch }),
          correlationId: clean
            ? fc.oneof(fc.constant(undefined), validCorrelationId)
            : fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: validCorrelationId }, { weight: 1, arbitrary: oddText({ limits: [128] }) }),
          headers: fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: clean ? validActorHeaders : anyActorHeaders }),
        },
        { requiredKeys: ['op', 'clean', 'target', 'body'] },
      );
    });
}

/** One `key=value` of a query string, already encoded (or deliberately mis-encoded). */
export type QueryPart = string;

/**
 * Values the test fills in from its world, left unencoded in a QueryPart: an existing user's id
 * and email, a workspace, a project, `<jobId>:<version>` of a job, a cursor an earlier answer
 * gave (or one with a character changed).
 */
export const QUERY_PLACEHOLDERS = ['$userId', '$userEmail', '$workspaceId', '$projectName', '$minVersion', '$cursor', '$cursor-mutated'] as const;
const isPlaceholder = (value: string) => (QUERY_PLACEHOLDERS as readonly string[]).includes(value);

const enc = (text: string) => encodeURIComponent(text.toWellFormed());

/** Percent-encodings that are not UTF-8 or not encodings at all. */
const percentGarbage = fc.constantFrom('%FF', '%00', '%', '%G1', '%E2%82', '%ED%A0%80', '%C0%AF', '%%', '%2', '+%20+', '%EF%BF%BF', '%F4%90%80%80');

/** Times every store reads alike: RFC 3339 in UTC or with an offset, and dates, in years 0001 to 9999. */
const validTime = fc.oneof(
  { weight: 4, arbitrary: fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 1, arbitrary: fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }).map((d) => d.toISOString()) },
  { weight: 2, arbitrary: fc.constantFrom('2024-01-01', '2024-01-01T00:00:00Z', '2024-01-01T10:00:00+14:00', '2024-01-01T10:00:00.123456789-23:59', '2024-01-01T24:00', '2024-01-01 10:00', '2024-01-01T10:00:00+0530', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z') },
);

/** ISO-8601's other forms (week and ordinal dates, basic format, signed and six-digit years, decimal commas), times past year 9999 or before 0001, and no times at all. */
const invalidTime = fc.oneof(
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom(
    '2024-02-30',
    '2024-W01',
    '2024-W01-1',
    '2024123',
    '2024-123',
    '20240101',
    '2024-01-01T10',
    '2024-01-01T1000',
    '2024-01-01T10:00:00,5Z',
    '2024-01-01T10:00:00+05',
    '-2024-01-01',
    '+2024-01-01',
    '+275760-09-13T00:00:00.000Z',
    '-271821-04-20T00:00:00.000Z',
    '0000-01-01',
    '0001-01-01T00:00:00+01:00',
    '9999-12-31T23:59:59.999-23:00',
    '2024',
    '2024-05',
    'yesterday',
    '1704067200000',
  ),
);

/** `metadata=key:value` filters, for keys the seeded jobs carry (with null, numbers, booleans, strings) and any other. */
const validMetadataFilter = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('retries', 'canary', 'n', 'team', 'big'), fc.constantFrom('3', 'true', 'null', 'NaN', 'Infinity', '-Infinity', '1e21', '1e+21', '1000000000000000000000', '03', '3.0', '-0', 'billing', '')).map(([k, v]) => `${k}:${v}`) },
  { weight: 2, arbitrary: fc.tuple(metadataKey, metadataScalar).filter(([k]) => k.length > 0 && !/[:=]/.test(k)).map(([k, v]) => `${k}:${String(v)}`) },
  { weight: 1, arbitrary: fc.constantFrom(`${sized(128)}:1`, `k:${sized(4_096)}`, `${sized(128, '🚀')}:x`, 'k:a:b') },
);
const invalidMetadataFilter = fc.oneof(fc.constantFrom('nocolon', ':value', 'k=v:1', `${sized(129)}:1`, `k:${sized(4_097)}`), invalidText());

/** Crafted cursors: foreign sorts, times outside years 0001–9999 or not whole milliseconds, ids that are no UUID, point-in-time garbage. */
const craftedCursor = fc
  .record({
    s: fc.constantFrom('createdAt', 'updatedAt', 'completedAt', 'id'),
    o: fc.constantFrom('asc', 'desc', 'up'),
    t: fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom(-8.64e15, 8.64e15, -62_167_219_200_000, 253_402_300_800_000, 1.5, 2 ** 53)),
    i: fc.oneof(fc.uuid(), fc.constant('not-a-uuid')),
    p: fc.oneof(fc.constant(undefined), fc.constantFrom('abc', 'AAAA', sized(4_000, 'A'), 'a b')),
  })
  .map((body) => Buffer.from(JSON.stringify(body)).toString('base64url'));

/** Values each GET /jobs parameter must take (placeholders: see QUERY_PLACEHOLDERS). */
const QUERY_VALID: Record<string, Arbitrary<string>> = {
  status: fc.oneof(fc.constantFrom(...JOB_STATUSES), fc.constantFrom('PENDING,RUNNING', 'PENDING,,FAILED', 'COMPLETED,FAILED,CANCELLED')),
  type: fc.oneof(fc.constantFrom(...JOB_TYPES), fc.constant('IMAGE_BUILD,WORKSPACE_START')),
  userId: fc.oneof(fc.constant('$userId'), fc.uuid()),
  userEmail: fc.oneof(fc.constant('$userEmail'), validText({ limits: [255] })),
  workspaceId: fc.oneof(fc.constant('$workspaceId'), fc.uuid()),
  projectName: fc.oneof(projectName, fc.constant('$projectName')),
  hostname: emptyOr(validText({ limits: [255] })),
  arch: emptyOr(arch),
  createdFrom: validTime,
  createdTo: validTime,
  updatedFrom: validTime,
  updatedTo: validTime,
  completedFrom: validTime,
  completedTo: validTime,
  metadata: validMetadataFilter,
  q: validText({ minLength: 1, limits: [200] }).filter((text) => text.length > 0),
  sort: fc.constantFrom('createdAt', 'updatedAt', 'completedAt'),
  order: fc.constantFrom('asc', 'desc'),
  size: fc.oneof(fc.integer({ min: 1, max: 100 }).map(String), fc.constantFrom('1e2', '0x10', ' 5', '05')),
  cursor: fc.constant('$cursor'),
  minVersion: fc.constant('$minVersion'),
};

/** Values each GET /jobs parameter must refuse, or may (a changed cursor); `consistency` belongs to GET /jobs/:id only. */
const QUERY_INVALID: Record<string, Arbitrary<string>> = {
  status: fc.constantFrom('pending', 'DONE', 'PENDING;RUNNING'),
  type: fc.constantFrom('image_build', 'IMAGE BUILD'),
  userId: fc.constantFrom('nope', '', '01900000-0000-7000-8000-00000000000g'),
  userEmail: invalidText({ limits: [255] }),
  workspaceId: fc.constantFrom('x', ''),
  projectName: invalidText({ limits: [255] }),
  hostname: invalidText({ limits: [255] }),
  arch: invalidText({ limits: [50] }),
  createdFrom: invalidTime,
  createdTo: invalidTime,
  updatedFrom: invalidTime,
  updatedTo: invalidTime,
  completedFrom: invalidTime,
  completedTo: invalidTime,
  metadata: invalidMetadataFilter,
  q: fc.oneof(fc.constant(''), invalidText({ limits: [200] })),
  sort: fc.constantFrom('id', 'CREATEDAT', ''),
  order: fc.constantFrom('ASC', 'up', ''),
  size: fc.constantFrom('0', '101', '-1', '5.5', 'NaN', '', '99999999999999999999', 'Infinity'),
  cursor: fc.oneof(fc.constant('$cursor-mutated'), craftedCursor, fc.constantFrom('', 'abc', '!!!', 'e30', 'bnVsbA', sized(4_000, 'A'), sized(4_001, 'A'))),
  minVersion: fc.oneof(fc.uuid().map((id) => `${id}:1`), fc.constantFrom('x:1', '01900000-0000-7000-8000-000000000000:0', '01900000-0000-7000-8000-000000000000:9999999999999999')),
  consistency: fc.constantFrom('strong', 'eventual', 'x'),
};

const queryParam = (key: string, value: string): QueryPart => `${key}=${isPlaceholder(value) ? value : enc(value)}`;
const validQueryPart: Arbitrary<QueryPart> = fc.constantFrom(...Object.keys(QUERY_VALID)).chain((key) => QUERY_VALID[key].map((value) => queryParam(key, value)));
const knownKeys = Object.keys(QUERY_INVALID);

/**
 * One parameter of a query string: a known one with a valid or invalid value, as an array
 * (`a[]=`) or nested (`a[b]=`) key, an unknown key, or percent garbage in key or value.
 */
const queryPart: Arbitrary<QueryPart> = fc.oneof(
  { weight: 9, arbitrary: validQueryPart },
  { weight: 4, arbitrary: fc.constantFrom(...knownKeys).chain((key) => QUERY_INVALID[key].map((value) => queryParam(key, value))) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...knownKeys), fc.string({ maxLength: 6 })).map(([key, value]) => `${key}[]=${enc(value)}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...knownKeys), fc.string({ maxLength: 4 }), fc.string({ maxLength: 6 })).map(([key, inner, value]) => `${key}[${enc(inner)}]=${enc(value)}`) },
  { weight: 1, arbitrary: fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 8 })).map(([key, value]) => `${enc(key)}=${enc(value)}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...knownKeys), percentGarbage, fc.string({ maxLength: 4 })).map(([key, garbage, rest]) => `${key}=${enc(rest)}${garbage}`) },
  { weight: 1, arbitrary: fc.tuple(percentGarbage, fc.string({ maxLength: 4 })).map(([garbage, value]) => `${garbage}=${enc(value)}`) },
  { weight: 1, arbitrary: fc.constantFrom('status', 'q=', '=x', '&', 'size', 'q', 'metadata=') },
);

/**
 * The query string of GET /jobs (without `?`): often only valid parameters (repeated ones
 * included), else up to six of any kind, now and then a dozen or more. `$name` placeholders are
 * filled by the test (QUERY_PLACEHOLDERS).
 */
export const jobsQuery: Arbitrary<QueryPart[]> = fc.oneof(
  { weight: 8, arbitrary: fc.array(validQueryPart, { maxLength: 4 }) },
  { weight: 10, arbitrary: fc.array(queryPart, { maxLength: 6 }) },
  { weight: 1, arbitrary: fc.array(queryPart, { minLength: 10, maxLength: 25 }) },
);
