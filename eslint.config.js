// ESLint flat config: typescript-eslint's type-checked recommended rules for the whole tree,
// a few Herald rules, and eslint-config-prettier last so ESLint never argues with the formatter.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Configuration is read from the environment in one place only: libs/config parses and validates it.
const processEnvMessage = 'Read configuration through libs/config (parseEnv and the app config schemas), not process.env.';

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', 'libs/db/migrations/', '**/coverage/', '**/.herald/', 'bench/out/', 'test/artifacts/']),

  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      sourceType: 'module',
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Nest and the codebase pass methods by reference on purpose (options objects with method signatures, destructured test helpers).
      '@typescript-eslint/unbound-method': 'off',
      // Async callbacks that satisfy a Promise-returning contract (BullMQ processors, polling predicates, route tables) need no await.
      '@typescript-eslint/require-await': 'off',
      // `_`-prefixed names are deliberate: parameters kept for a signature, keys dropped from a copy by destructuring.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],

      // Herald: process.env is read only in libs/config (overridden below for tests and benchmarks).
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: processEnvMessage }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'process', importNames: ['env'], message: processEnvMessage },
            { name: 'node:process', importNames: ['env'], message: processEnvMessage },
          ],
        },
      ],
    },
  },

  // Small files with one job, small functions (STYLE.md): a file past ~300 lines or a function past
  // ~60 is asking to be split. Tests are exempt: a describe block is one long function by design.
  {
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/test/**'],
    rules: {
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },

  // Plain JavaScript (jest config, jest global setup, the lockfile script, this file): no TypeScript program covers it.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },

  // The one place that reads the environment.
  {
    files: ['libs/config/**'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-imports': 'off' },
  },

  // Tests and benchmarks are not the product: they set and read the environment of the processes they start.
  {
    files: ['test/**', '**/test/**', 'bench/**', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-imports': 'off' },
  },

  // Tests read JSON bodies, compose files and mocks as `any` on purpose: the assertions are the type check.
  {
    files: ['test/**', '**/test/**', '**/*.spec.ts', '**/*.e2e-spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  prettier,
);
