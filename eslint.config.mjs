import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

const libsThroughAliases = {
  group: ['**/libs/*', '../../libs/*'],
  message: 'Import libs through @ensemble/* aliases.',
};

/** The orchestrator's feature folders are layered engine < workflows < runs: no import cycle between them. */
const orchestratorLayers = [
  { folder: 'engine', below: ['workflows', 'runs'] },
  { folder: 'workflows', below: ['runs'] },
].map(({ folder, below }) => ({
  files: [`apps/orchestrator/src/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          libsThroughAliases,
          {
            group: below.map((other) => `../${other}/*`),
            message: `apps/orchestrator/src/${folder} sits below ${below.join(' and ')}; move shared code down.`,
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      '.stryker-tmp/**',
      'reports/**',
      'eslint.config.mjs',
      'libs/client/src/schema.ts',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-extraneous-class': 'off',
      // Contract DTOs are classes for class-validator; plain objects of their shape are the wire format.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [libsThroughAliases] }],
    },
  },
  {
    // Plain JavaScript examples (docs/examples) run on Node without TypeScript.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        module: 'writable',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Node ES module scripts (tools/deploy): the model packages they import are ESM only.
    files: ['tools/**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'module',
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly' },
    },
  },
  {
    // One RPC contract (RpcContracts): apps call rpc.call(type, …), which infers request and reply.
    files: ['apps/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='request'][callee.object.property.name='rpc']",
          message: 'Use rpc.call(type, request, origin): its types come from RpcContracts.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  ...orchestratorLayers,
);
