// Layer rules are errors, not warnings: a layer leak fails CI (see ../shared/STYLE.md §2).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'stream', 'worker_threads', 'url', 'http', 'https', 'net', 'zlib', 'util', 'buffer', 'events'];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test-results/**', '.tmp/**', '**/*.d.ts', '**/.*scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['*.ts'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/node/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'shared/ is the engine: no Electron.' },
          { name: 'react', message: 'shared/ is the engine: no React.' },
          { name: 'react-dom', message: 'shared/ is the engine: no React.' },
        ],
        patterns: [
          { group: nodeBuiltins, message: 'shared/ runs in a Web Worker: Node modules only in shared/node/ behind the Host interface.' },
          { group: ['#renderer/*', '#electron/*', '#test/*'], message: 'shared/ may not import other layers.' },
          { group: ['../../*'], message: 'Use #shared/* subpath imports instead of ../../.' },
        ],
      }],
    },
  },
  {
    files: ['shared/node/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The CLI does not use Electron.' }, { name: 'react', message: 'The CLI does not use React.' }],
        patterns: [{ group: ['#renderer/*', '#electron/*'], message: 'shared/node may not import UI layers.' }],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'renderer/ talks to the desktop only through window.kequn (electron/common types).' }],
        patterns: [
          { group: nodeBuiltins, message: 'renderer/ runs in a browser: no Node modules.' },
          { group: ['#electron/main/*', '#electron/preload/*'], message: 'renderer/ may only import type contracts from electron/common.' },
          { group: ['../../*'], message: 'Use subpath imports instead of ../../.' },
        ],
      }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    languageOptions: { globals: globals.node },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['#renderer/*', 'react', 'react-dom'], message: 'electron/ is the desktop shell only.' },
          { group: ['#shared/*'], message: 'electron/ holds no engine code; the engine runs in the renderer worker.' },
        ],
      }],
    },
  },
  {
    files: ['electron/common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'electron/common is the IPC contract the renderer imports: no electron import.' }],
        patterns: [{ group: nodeBuiltins, message: 'electron/common is imported by the renderer: no Node modules.' }],
      }],
    },
  },
  {
    // Tool configs are loaded through their default export.
    files: ['*.config.ts', '*.config.js'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Plain JavaScript tooling (build scripts, the test runner): linted without type information.
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node, parserOptions: { projectService: false, project: null } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    files: ['test/**/*.ts', '**/*.test.ts', '**/*.test.tsx'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(skip|only|todo)$/]", message: 'No skipped or focused tests.' }],
    },
  },
);
