import { readFileSync } from 'node:fs'
import { GENERATED, validatorsModule } from '../../scripts/validators.js'
import { policySchema } from '../../src/policy/schema.js'
import { dataPackageProfile, tableSchemaProfile } from '../../src/policy/table-schema-profile.js'

describe('compiled validators', () => {
  test('are those of the current JSON Schemas (else run `npm run build`)', () => {
    const current = readFileSync(GENERATED, 'utf8') === validatorsModule({ policySchema, tableSchemaProfile, dataPackageProfile })
    expect(current ? 'current' : `${GENERATED} is stale: run \`npm run build\` and commit it`).toBe('current')
  })
})
