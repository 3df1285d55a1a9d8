/**
 * GraphQL Code Generator for an ESM frontend (`"type": "module"`, `moduleResolution: "nodenext"`): without
 * `emitLegacyCommonJSImports: false` (root level) the generated `import ... from './graphql'` fails tsc with TS2835
 * ("Relative import paths need explicit file extensions"). Bundler-resolution projects (Vite) need nothing.
 *   npm i -D @graphql-codegen/cli @graphql-codegen/client-preset
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  // the committed SDL of the gateway (offline), or its running endpoint (introspection on)
  schema: 'node_modules/face-graphql-gateway/schema/schema.graphql',
  documents: ['src/**/*.ts', 'src/**/*.tsx'],
  generates: {
    'src/gql/': {
      preset: 'client',
      config: {
        useTypeImports: true,
        // enums as string unions: `switch` on ImageOutcome / ErrorCode with exhaustiveness checks
        enumsAsTypes: true,
        scalars: { JSON: 'unknown', DateTime: 'string', Upload: 'File | Blob' },
      },
      presetConfig: { fragmentMasking: false },
    },
    // the client preset emits the enums your operations select; ErrorCode (the type of extensions.code) and
    // the others, all of them, from the typescript plugin
    'src/gql/enums.ts': { plugins: ['typescript'], config: { onlyEnums: true, enumsAsTypes: true } },
  },
  // ESM + nodenext: generated imports get the .js extension (codegen CLI 6+ also spells it importExtension: '.js')
  emitLegacyCommonJSImports: false,
};

export default config;
