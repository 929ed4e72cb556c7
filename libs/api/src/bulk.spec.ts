import { CreateJobCommand, CreateJobsCommand, JobCreation } from '@jobstream/contracts';
import { JobstreamError } from '@jobstream/domain';
import { fromBulkReply, toBulkReply, writeEach } from './bulk';
import { validationPipe } from './validation.pipe';

const USER_ID = '01900000-0000-7000-8000-000000000001';
const job = (change: Record<string, unknown> = {}) => ({ userId: USER_ID, type: 'IMAGE_BUILD', projectName: 'p', ...change });
const fieldsOf = (outcome: unknown) => (outcome as JobstreamError).details.fields?.map((f) => f.field).sort();

describe(writeEach.name, () => {
  it('writes only the valid items and answers every item in request order, naming bad fields from the root', async () => {
    const written: CreateJobCommand[][] = [];
    const items = [job({ projectName: 'a' }), job({ projectName: 'a\u0000b' }), 'no object', job({ projectName: 'c' }), job({ metadata: { log: 'x'.repeat(5_000) }, surprise: 1 })];

    const outcomes = await writeEach(CreateJobCommand, items, async (valid) => {
      written.push(valid);
      return valid.map((item) => item.projectName);
    });

    expect(written).toEqual([[expect.objectContaining({ projectName: 'a' }), expect.objectContaining({ projectName: 'c' })]]);
    expect(outcomes[0]).toBe('a');
    expect(outcomes[3]).toBe('c');
    expect(outcomes[1]).toMatchObject({ code: 'VALIDATION', message: 'invalid items[1].projectName' });
    expect((outcomes[1] as JobstreamError).details.fields![0].messages[0]).toMatch(/^items\[1\]\.projectName must not contain the NUL/);
    expect(fieldsOf(outcomes[2])).toEqual(['items[2]']);
    expect(fieldsOf(outcomes[4])).toEqual(['items[4].metadata', 'items[4].surprise']);
  });

  it('passes the write its own refusals through, and never calls it without a valid item', async () => {
    const write = jest.fn(async (valid: CreateJobCommand[]) => valid.map(() => JobstreamError.invalid('userId', 'user does not exist')));

    expect(await writeEach(CreateJobCommand, [job()], write)).toEqual([expect.objectContaining({ code: 'VALIDATION', message: 'user does not exist' })]);
    expect(await writeEach(CreateJobCommand, [job({ type: 'NOPE' })], write)).toEqual([expect.objectContaining({ code: 'VALIDATION' })]);
    expect(write).toHaveBeenCalledTimes(1);
  });
});

describe('the validation pipe on a bulk command', () => {
  const pipe = validationPipe();
  const asBulk = (value: unknown) => pipe.transform(value, { type: 'body', metatype: CreateJobsCommand });

  it('still refuses unstorable text anywhere in any other body', async () => {
    await expect(pipe.transform(job({ projectName: 'a\u0000' }), { type: 'body', metatype: CreateJobCommand })).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { fields: [{ field: 'projectName' }] },
    });
  });

  it('checks the envelope and its nesting, and leaves the items to writeEach', async () => {
    await expect(asBulk({ items: [job({ projectName: 'a\u0000' })] })).resolves.toMatchObject({ items: [{ projectName: 'a\u0000' }] });

    for (const envelope of [{ items: [] }, { items: Array.from({ length: 1_001 }, () => job()) }, { items: job() }, { jobs: [job()] }]) {
      await expect(asBulk(envelope)).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/\bitems\b/) });
    }
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) deep = { a: deep };
    await expect(asBulk({ items: [job({ metadata: deep })] })).rejects.toMatchObject({ message: expect.stringMatching(/^invalid items\[0\]\.metadata\.a\.a/) });
  });
});

describe(fromBulkReply.name, () => {
  it('reads back what toBulkReply sends: results, and refusals as errors with their code and details', () => {
    const created: JobCreation = { job: { id: USER_ID } as JobCreation['job'], created: true };
    const refused = new JobstreamError('VERSION_CONFLICT', 'stale', { currentVersion: 2 });

    const [ok, error] = fromBulkReply(JSON.parse(JSON.stringify(toBulkReply([created, refused], (result) => result))));

    expect(ok).toEqual(created);
    expect(error).toBeInstanceOf(JobstreamError);
    expect(error).toMatchObject({ code: 'VERSION_CONFLICT', message: 'stale', details: { currentVersion: 2 } });
  });
});
