import { AppProcess, createTestEnvironment, HttpClient, issueTestApiKey, waitFor } from '@jobstream/testing';
jest.setTimeout(120_000);
it('debug', async () => {
  const t = await createTestEnvironment('dbg');
  const apps = await Promise.all((['job-writer', 'outbox-relay', 'indexer', 'gateway'] as const).map((n) => AppProcess.start(n, t.env)));
  const api = new HttpClient(apps[3].url, (await issueTestApiKey(t.db.dataSource, 'admin')).key);
  const userId = (await api.post('/users', { email: 'd@example.com', name: 'D' })).body.id;
  const created = await api.post('/jobs/bulk', { items: Array.from({ length: 10 }, () => ({ userId, type: 'IMAGE_BUILD', projectName: 'p' })) });
  const ids = created.body.items.map((i: any) => i.job.id);
  const ch = await api.patch('/jobs/bulk/status', { items: ids.flatMap((id: string) => [{ id, status: 'RUNNING' }, { id, status: 'COMPLETED' }]) });
  console.log(JSON.stringify(ch.body).slice(0, 200));
  await waitFor(async () => (await t.search.client.count({ index: t.search.alias, query: { term: { status: 'COMPLETED' } } })).count === 10, { what: 'es' });
  const started = Date.now();
  await waitFor(async () => (await t.db.dataSource.query(`SELECT count(*)::int n FROM job WHERE es_sync_version IS DISTINCT FROM version`))[0].n === 0, { timeoutMs: 8000 }).catch(() => undefined);
  console.log(Date.now() - started, await t.db.dataSource.query(`SELECT version, es_sync_version, es_synced_at IS NOT NULL synced FROM job`));
  console.log((await api.get(`/jobs/${ids[0]}/sync`)).body);
  await Promise.all(apps.map((a) => a.stop()));
  await t.teardown();
});
