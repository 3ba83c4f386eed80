// ESLint: the recommended rules of ESLint and typescript-eslint, which catch real mistakes (unused
// code, unsafe patterns, misused TypeScript) rather than style; Prettier owns layout. No
// type-aware rules: they need the type checker and would make `npm run lint` several times slower.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', 'coverage/', 'data/', 'src/generated/', 'node_modules/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Control characters are matched on purpose: NUL and C0 codes are stripped from provider input.
      'no-control-regex': 'off',
      // `_name` marks a parameter or binding kept on purpose (handler signatures, destructuring).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // The dashboard's browser script runs in the browser, not in Node.
    files: ['public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
);
