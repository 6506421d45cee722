// Lint: typescript-eslint recommended rules, plus the house rule that pure domain modules do not
// touch infrastructure (Fastify, BullMQ, Prisma, pg, the file system) — only src/api, src/jobs,
// src/db, src/cli and *.service.ts / *.repo.ts / *.loader.ts / *.worker.ts files may.
import tseslint from 'typescript-eslint';

const infra = ['fastify', '@fastify/*', 'bullmq', 'ioredis', 'pg', 'pg-copy-streams', '@prisma/*', '@electric-sql/pglite', 'pglite-prisma-adapter', 'node:fs', 'node:fs/promises', 'fs', 'onnxruntime-node'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'web/dist/', 'src/db/generated/', '.omsx/', 'data/', 'scripts/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/registers/**/*.ts', 'src/rating/**/*.ts', 'src/planning/**/*.ts', 'src/synth/**/*.ts', 'src/tariffs/**/*.ts', 'src/nsi/**/*.ts', 'src/features/**/*.ts'],
    ignores: ['**/*.service.ts', '**/*.repo.ts', '**/*.loader.ts', '**/*.worker.ts', '**/*.command.ts', 'src/registers/read/**', 'src/registers/ingest/**', 'src/synth/*.writer.ts', 'src/synth/files/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: infra, message: 'pure domain modules must not do I/O: move it to a *.service.ts / *.repo.ts / *.loader.ts, or to api/jobs/db/cli' }] }],
    },
  },
);
