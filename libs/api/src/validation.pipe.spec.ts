import { CreateJobCommand } from '@jobstream/contracts';
import { JobstreamError } from '@jobstream/domain';
import { validationPipe } from './validation.pipe';

const USER_ID = '01900000-0000-7000-8000-000000000001';
const job = (metadata: unknown) => ({ userId: USER_ID, type: 'IMAGE_BUILD', projectName: 'p', metadata });

describe('the validation pipe', () => {
  const pipe = validationPipe();
  const transform = (value: unknown) => pipe.transform(value, { type: 'body', metatype: CreateJobCommand });
  const refusal = (value: unknown) => transform(value).then(
    () => undefined,
    (error: JobstreamError) => error,
  );

  // JSON.parse, as the body parser does: an object literal's `__proto__` would set the prototype instead.
  it.each([
    ['__proto__ in metadata', '{"__proto__": 1}', 'metadata.__proto__'],
    ['constructor in metadata', '{"constructor": "x"}', 'metadata.constructor'],
    ['prototype deeper in metadata', '{"a": {"prototype": 1}}', 'metadata.a.prototype'],
    ['a name of an Object.prototype method in metadata', '{"toString": "x"}', 'metadata.toString'],
  ])('refuses %s, which would be dropped without a word, naming it', async (_, metadata, field) => {
    const error = await refusal(job(JSON.parse(metadata)));

    expect(error?.code).toBe('VALIDATION');
    expect(error!.details.fields!.map((f) => f.field)).toEqual([field]);
  });

  it('refuses such a name as a field of the body as well, instead of ignoring it', async () => {
    const error = await refusal({ ...job({}), ...JSON.parse('{"constructor": 1}') });

    expect(error!.details.fields!.map((f) => f.field)).toEqual(['constructor']);
  });

  it('keeps metadata keys that only look like them', async () => {
    const metadata = { proto: 1, __proto__x: 2, Constructor: 3, toStrings: 4, length: 5, name: 6 };

    await expect(transform(job(metadata))).resolves.toMatchObject({ metadata });
  });
});
