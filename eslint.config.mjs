import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const layer = (sourceTag, ...allowed) => ({ sourceTag, onlyDependOnLibsWithTags: [sourceTag, ...allowed] });
const FRAMEWORKS_AND_DRIVERS = ['@nestjs/*', 'typeorm', 'pg', 'amqplib', 'amqp-connection-manager', '@elastic/*', 'class-validator', 'class-transformer', 'zod', 'express'];

export default [
  { ignores: ['**/dist/**', 'node_modules/**', 'tools/elasticsearch/**', '.es/**', '.run/**', '.nx/**', 'coverage/**', '*.config.js'] },
  ...tseslint.configs.recommended,
  // CommonJS that Jest or Nx loads itself (test/sequencer.cjs, tools/nx-executors).
  { files: ['**/*.cjs'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Layers (Nx tags): the domain knows nothing of frameworks or drivers; adapters know the domain
      // and the contracts; application libs orchestrate adapters; apps only wire; tests may use all.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'], bannedExternalImports: FRAMEWORKS_AND_DRIVERS },
            layer('type:contracts', 'type:domain'),
            layer('type:util'),
            // The dashboard is a browser app: it talks to the gateway over HTTP and shares the libs'
            // types (only types: see the rule for apps/dashboard below) and the domain.
            layer('type:web', 'type:domain', 'type:contracts', 'type:persistence', 'type:messaging', 'type:search', 'type:audit', 'type:edge', 'type:application'),
            layer('type:persistence', 'type:domain', 'type:contracts', 'type:util'),
            layer('type:messaging', 'type:domain', 'type:contracts', 'type:util'),
            layer('type:outbox', 'type:domain', 'type:contracts', 'type:util'),
            layer('type:search', 'type:domain', 'type:contracts', 'type:util'),
            // The audit writer is an adapter like the outbox's, used by the edge too: the gateway's
            // own writes (API keys, roles, tasks) record their audit rows.
            layer('type:audit', 'type:domain', 'type:contracts', 'type:util'),
            layer('type:edge', 'type:domain', 'type:contracts', 'type:util', 'type:messaging', 'type:audit'),
            layer('type:application', 'type:domain', 'type:contracts', 'type:util', 'type:persistence', 'type:messaging', 'type:outbox', 'type:search', 'type:audit'),
            layer('type:app', 'type:domain', 'type:contracts', 'type:util', 'type:persistence', 'type:messaging', 'type:outbox', 'type:search', 'type:audit', 'type:edge', 'type:application'),
            layer('type:testing', 'type:domain', 'type:contracts', 'type:util', 'type:persistence', 'type:messaging', 'type:outbox', 'type:search', 'type:audit', 'type:edge', 'type:application'),
            // Scopes: who owns what. Each service's libs see only their own scope and the shared
            // libs; shared libs see only shared ones. The operator tools drive the write side
            // (users, keys) and the indexer's tasks; the dashboard reads the gateway's answers.
            layer('scope:shared'),
            layer('scope:job-writer', 'scope:shared'),
            layer('scope:outbox-relay', 'scope:shared'),
            layer('scope:indexer', 'scope:shared'),
            layer('scope:gateway', 'scope:shared'),
            layer('scope:cli', 'scope:shared', 'scope:job-writer', 'scope:indexer'),
            layer('scope:dashboard', 'scope:shared', 'scope:gateway'),
            layer('scope:testing', 'scope:shared', 'scope:job-writer', 'scope:outbox-relay', 'scope:indexer', 'scope:gateway', 'scope:cli'),
          ],
        },
      ],
    },
  },
  {
    // The browser bundle runs libs/domain only (framework-free); of the server's other libs it takes types, which the build erases.
    files: ['apps/dashboard/**/*.ts', 'apps/dashboard/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@jobstream/*', '!@jobstream/domain'], allowTypeImports: true, message: 'the dashboard may import only types from server libs' }] },
      ],
    },
  },
];
