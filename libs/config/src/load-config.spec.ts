import { z } from 'zod';
import { loadConfig, localUrl, port } from './load-config';

describe(loadConfig.name, () => {
  const schema = z.object({ DB: localUrl('postgres://localhost/db'), PORT: port(3000) });

  it('applies safe local defaults', () => {
    expect(loadConfig(schema, {})).toEqual({ DB: 'postgres://localhost/db', PORT: 3000 });
  });

  it('lists every problem at once', () => {
    const act = () => loadConfig(schema, { DB: 'not a url', PORT: '70000' });

    expect(act).toThrow(/DB[\s\S]*PORT|PORT[\s\S]*DB/);
  });

  it('refuses the local default in production', () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(() => loadConfig(schema, {})).toThrow(/required in production/);
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
});
