// Bundles the two entry points with every dependency inlined, so the Action
// runs from a checkout without node_modules. Also publishes the policy JSON
// Schema next to action.yml so editors can validate policy files, and compiles
// the JSON Schema validators into src/policy/validators.generated.ts first.
import { build } from 'esbuild'
import { readFile, writeFile } from 'node:fs/promises'
import semver from 'semver'

// ESM output still meets CommonJS dependencies that call require() for node
// built-ins; give them a real require.
const banner = [
  "import { createRequire as __pgCreateRequire } from 'node:module';",
  'const require = __pgCreateRequire(import.meta.url);'
].join('\n')

// The bundle runs on the oldest Node that package.json's `engines` admits (the
// CLI's floor); the Action's node24 runtime is inside that range.
const { engines } = JSON.parse(await readFile('package.json', 'utf8'))

const common = {
  bundle: true,
  platform: 'node',
  target: `node${semver.minVersion(engines.node).major}`,
  format: 'esm',
  legalComments: 'none',
  logLevel: 'warning',
  sourcemap: false
}

// The JSON Schemas live in TypeScript (one source of truth for ajv): their
// validators, compiled here (scripts/validators.ts), and the policy's JSON copy
// for editors.
const schemaBuild = await build({
  ...common,
  stdin: {
    contents: [
      "export { policySchema } from './src/policy/schema.ts'",
      "export { tableSchemaProfile, dataPackageProfile } from './src/policy/table-schema-profile.ts'",
      "export { GENERATED, validatorsModule } from './scripts/validators.ts'",
      "export { KINDS_DOC, kindsDoc } from './scripts/kinds-doc.ts'"
    ].join('\n'),
    resolveDir: process.cwd(),
    loader: 'ts'
  },
  write: false
})
const schemas = await import('data:text/javascript;base64,' + Buffer.from(schemaBuild.outputFiles[0].text).toString('base64'))
await writeFile(schemas.GENERATED, schemas.validatorsModule(schemas))

await build({ ...common, entryPoints: ['src/index.ts'], outfile: 'dist/index.js', banner: { js: banner } })
// The parallel scan's worker thread: loaded by dist/cli.js and dist/index.js
// from next to themselves (src/parallel/pool.ts).
await build({ ...common, entryPoints: ['src/parallel/worker.ts'], outfile: 'dist/worker.js', banner: { js: banner } })
await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  banner: { js: '#!/usr/bin/env node\n' + banner }
})

await writeFile('policy.schema.json', JSON.stringify(schemas.policySchema, null, 2) + '\n')
// The kinds table of the docs, from the catalog of finding kinds.
await writeFile(schemas.KINDS_DOC, schemas.kindsDoc(await readFile(schemas.KINDS_DOC, 'utf8')))
