// Lint: typescript-eslint's recommended rules plus the boundaries of design §8.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const ioModules = ['undici', 'node:*', 'fs', 'http', 'https', 'net', 'child_process', 'crypto'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Library code returns data; only the CLI writes to the console.
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**'],
    rules: { 'no-console': 'error' },
  },
  {
    // No `as` casts in production code (tests may use them).
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-assertions': ['error', { assertionStyle: 'never' }],
    },
  },
  {
    // plan/ and render/ are pure: no I/O, no network, no HTTP client.
    files: ['src/plan/**/*.ts', 'src/render/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ioModules, message: 'src/plan and src/render must stay pure (design §8).' },
            {
              group: ['**/api/**', '**/live/**', '**/apply/**', '**/cli/**'],
              message: 'pure modules import no I/O layers.',
            },
            {
              // report/ and yaml-edit/ import render/: the other way round is a folder cycle.
              group: ['**/report/**', '**/yaml-edit/**'],
              message:
                'plan/ and render/ import neither report/ nor yaml-edit/ (design §8: no folder cycle).',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'fetch', 'console'],
    },
  },
  {
    // export --diff's text editor: pure text in, text out (no network, no files, no renderers).
    files: ['src/yaml-edit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['undici', '**/api/**', '**/live/**', '**/apply/**', '**/cli/**'],
              message: 'src/yaml-edit edits text only: no I/O layers.',
            },
            {
              group: ['**/render/**', '**/report/**'],
              message: 'yaml-edit/ imports no renderers or report builders (no folder cycle).',
            },
          ],
        },
      ],
    },
  },
  {
    // The engine decides; the CLI only parses, calls one engine function and renders. src/apply/
    // (execution) is reached only through the engine's safety check (design §8).
    files: ['src/**/*.ts'],
    ignores: ['src/engine/**', 'src/apply/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apply/**'],
              message: 'src/apply/ is imported only by src/engine/ (executePlan needs a SafePlan).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    // Command modules load the engine, the client and the renderers inside their actions only.
    files: ['src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apply/**', '**/live/**', '**/plan/**', '**/api/client*', '**/engine/**'],
              message:
                'src/cli/ reaches these through the engine, with `await import()` in an action.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
