// ESLint: typescript-eslint's strict and stylistic type-checked sets (types from tsconfig.json through the
// project service), the import boundaries of docs/architecture.md, and eslint-config-prettier last so that
// formatting is prettier's alone.
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import { defineConfig } from 'eslint/config'
import globals from 'globals'
import tseslint from 'typescript-eslint'

// --- Import boundaries (docs/architecture.md, "lines never crossed") -----------------------------------------
// Each block below repeats the restrictions of the blocks it refines: for one rule, ESLint keeps the options of
// the last matching block instead of merging them.

const WHY_ENGINE = 'src/engine is the pure engine: only the shells (src/action, src/cli) talk to GitHub or render.'
const ENGINE_SHELL_IMPORTS = [
  {
    group: ['@actions/core', '@actions/core/**', '@actions/github', '@actions/github/**'],
    message: `${WHY_ENGINE} Return data and let src/action or src/cli do it. See docs/architecture.md.`
  },
  {
    group: ['**/render/**', '**/action/**', '**/cli/**'],
    message: `${WHY_ENGINE} The engine must not depend on its callers or reporters. See docs/architecture.md.`
  }
]
const HTTP_CLIENT_OUTSIDE_HTTP = {
  group: ['@actions/http-client', '@actions/http-client/**'],
  message:
    'Only src/engine/evidence/http/ talks HTTP; go through its client so that deadlines, retries, the proxy and ' +
    'the URL policy apply. See docs/architecture.md.'
}
const NO_IO = 'Address arithmetic does no I/O: it takes addresses and lists as data. See docs/architecture.md.'
// The I/O modules in both spellings (node:x and x), as exact names: a bare `net` pattern would also match `../net/`.
const IO_MODULES = ['net', 'http', 'https', 'http2', 'tls', 'dgram', 'dns', 'dns/promises', 'fs', 'fs/promises']
const ARITHMETIC_IO_IMPORTS = [
  { group: ['**/evidence/**', '**/http/**'], message: NO_IO },
  ...IO_MODULES.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: NO_IO }))
]
const RENDER_IMPORTS = [
  {
    group: ['@actions/*', '@actions/*/**'],
    message: 'Reporters turn a report into text; only src/action and src/cli use @actions/*. See docs/architecture.md.'
  },
  {
    group: ['**/action/**', '**/cli/**'],
    message: 'Reporters must not depend on the shells that call them. See docs/architecture.md.'
  }
]
// Entries with `name` are exact module names (`paths`); entries with `group` are gitignore-style `patterns`.
const restrict = (entries) => ({
  'no-restricted-imports': [
    'error',
    { paths: entries.filter((e) => 'name' in e), patterns: entries.filter((e) => 'group' in e) }
  ]
})

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/out/**'] },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Tuned rather than off, to fit habits the code has on purpose:
      // `() => server.close()` as a callback, and `return finish(x)` as an early exit from a void function.
      '@typescript-eslint/no-confusing-void-expression': [
        'error',
        { ignoreArrowShorthand: true, ignoreVoidReturningFunctions: true }
      ],
      // `T[]` for simple types, `Array<[a, b]>` / `Array<{ ... }>` for complex ones, as the code writes them.
      '@typescript-eslint/array-type': ['error', { default: 'array-simple' }],
      // `||` on strings and booleans is deliberate: an empty input or variable means "not set".
      '@typescript-eslint/prefer-nullish-coalescing': ['error', { ignorePrimitives: { string: true, boolean: true } }],
      // Off: it asks for `x!` where the code writes `x as T`, while strictTypeChecked's no-non-null-assertion
      // forbids `x!`; the two rules cannot both be satisfied.
      '@typescript-eslint/non-nullable-type-assertion-style': 'off'
    }
  },
  {
    // Plain JavaScript (configs, bench/*.mjs) is not in tsconfig.json: no type information, no type-checked rules.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked]
  },

  { files: ['src/engine/**/*.ts'], rules: restrict([...ENGINE_SHELL_IMPORTS, HTTP_CLIENT_OUTSIDE_HTTP]) },
  { files: ['src/engine/evidence/http/**/*.ts'], rules: restrict(ENGINE_SHELL_IMPORTS) },
  {
    files: ['src/engine/allowlist/**/*.ts', 'src/engine/net/**/*.ts'],
    rules: restrict([...ENGINE_SHELL_IMPORTS, HTTP_CLIENT_OUTSIDE_HTTP, ...ARITHMETIC_IO_IMPORTS])
  },
  { files: ['src/render/**/*.ts'], rules: restrict(RENDER_IMPORTS) },

  {
    // Tests: rules that make test code noisy without catching bugs there.
    files: ['__tests__/**/*.ts'],
    rules: {
      // A test that reads `x!` fails at once if x is missing; checking first only repeats the assertion.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Tests read JSON from spawned processes and fakes and assert on its shape; `expect` is the type check.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Stubs: `sleep: async () => undefined` must return a promise without awaiting anything.
      '@typescript-eslint/require-await': 'off',
      // Fakes hand out bound `close` functions (`closers.push(server.close)`).
      '@typescript-eslint/unbound-method': 'off',
      // Tests delete environment variables and headers by computed name.
      '@typescript-eslint/no-dynamic-delete': 'off'
    }
  },

  {
    // The bench clears proxy variables by name, as the tests do.
    files: ['bench/**/*.mjs'],
    rules: { '@typescript-eslint/no-dynamic-delete': 'off' }
  },

  prettier
)
