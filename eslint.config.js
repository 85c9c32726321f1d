// Flat config: typescript-eslint's recommended rules for every deployable, plus the
// layering rules from STYLE.md enforced as import restrictions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Every wing that ships on its own. Each may import shared/ and nothing of another wing.
const deployables = ['kiosk', 'console', 'phone', 'station-agent', 'central', 'broker-config', 'demo'];

/**
 * A wing's files may not climb to the repository root and into another wing. The rule is
 * written per folder depth (`../` once for `central/main.ts`, twice for
 * `central/http/x.ts` …), so `central/phone/` stays reachable as `../phone/` from
 * `central/store/` while the `phone/` wing at the root does not.
 */
const MAX_DEPTH = 6;

function forbidImportsFrom(self, extra = [], forbidden = deployables.filter((d) => d !== self), message = (d) => `${self}/ must not import from ${d}/ (only shared/ is common ground).`) {
  return Array.from({ length: MAX_DEPTH }, (_, i) => {
    const up = '../'.repeat(i + 1);
    return {
      files: [`${self}/${'*/'.repeat(i)}*.ts`],
      rules: {
        'no-restricted-imports': ['error', { patterns: [...forbidden.map((d) => ({ group: [`${up}${d}`, `${up}${d}/**`], message: message(d) })), ...extra] }],
      },
    };
  });
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
  ...forbidImportsFrom(
    'shared',
    [{ group: ['node:*', 'fs', 'path', 'crypto', 'os', 'net', 'child_process'], message: 'shared/ runs in the browser too: no Node imports.' }],
    deployables,
    () => 'shared/ must not import a deployable.',
  ),
  ...deployables.flatMap((d) => forbidImportsFrom(d)),
);
