import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout's root: the nearest folder above this file with nx.json (it runs from source and from dist). */
export const WORKSPACE_ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    if (dirname(dir) === dir) throw new Error(`no nx.json above ${__dirname}`);
    dir = dirname(dir);
  }
  return dir;
})();
