// Flat config: typescript-eslint's recommended rules for every deployable, plus the
// layering rules from STYLE.md enforced as import restrictions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Every wing that ships on its own. Each may import shared/ and nothing of another wing.
const deployables = ['kiosk', 'console', 'station-agent', 'central', 'broker-config', 'demo'];

function forbidImportsFrom(self, extra = []) {
  const others = deployables.filter((d) => d !== self);
  return {
    'no-restricted-imports': ['error', {
      patterns: [
        ...others.map((d) => ({ group: [`**/${d}/**`, `../${d}/*`, `../../${d}/*`], message: `${self}/ must not import from ${d}/ (only shared/ is common ground).` })),
        ...extra,
      ],
    }],
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'var/', 'docs/', 'dev-dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: forbidImportsFrom('shared', [
      { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'net', 'child_process'], message: 'shared/ runs in the browser too: no Node imports.' },
      ...deployables.map((d) => ({ group: [`../${d}/*`, `../../${d}/*`, `**/${d}/**`], message: 'shared/ must not import a deployable.' })),
    ]),
  },
  ...deployables.map((d) => ({ files: [`${d}/**/*.ts`], rules: forbidImportsFrom(d) })),
);
