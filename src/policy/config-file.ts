// Reading a configuration file (the policy, a Table Schema, a data package):
// a size limit checked before parsing, YAML or JSON parsed with positions and
// an alias limit, and validation errors told in words at file:line:column.

import { stat } from 'node:fs/promises'
import type { ErrorObject } from 'ajv'
import { isMap, LineCounter, parse, parseDocument, visit, type Document, type Node as YamlNode } from 'yaml'
import { ConfigError } from '../errors.js'

/**
 * A policy or schema file larger than this is refused before it is parsed
 * (a policy is a page of settings; parsing megabytes of YAML costs gigabytes).
 */
const MAX_CONFIG_BYTES = 1 << 20
/** YAML aliases a policy or schema file may hold (each alias can expand a whole subtree: an alias bomb). */
const MAX_YAML_ALIASES = 100

const tooLarge = (path: string): ConfigError =>
  new ConfigError(`file is larger than ${MAX_CONFIG_BYTES} bytes (1 MiB): too large for a policy or schema file`, path)

/** Refuses a file over MAX_CONFIG_BYTES before reading it (read errors are left to the reader). */
export async function checkConfigSize(path: string, shownAs: string): Promise<void> {
  const size = await stat(path).then(
    (s) => s.size,
    () => 0
  )
  if (size > MAX_CONFIG_BYTES) throw tooLarge(shownAs)
}

/** Parse YAML (or JSON) keeping positions; a syntax error is a ConfigError at file:line:col. */
export function parseWithPositions(
  text: string,
  path: string,
  what: string
): { doc: Document; lineCounter: LineCounter; at(offset: number | undefined): string; toJS(): unknown } {
  if (text.length > MAX_CONFIG_BYTES || Buffer.byteLength(text) > MAX_CONFIG_BYTES) throw tooLarge(path)
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const at = (offset: number | undefined): string => {
    if (offset === undefined) return path
    const { line, col } = lineCounter.linePos(offset)
    return `${path}:${line}:${col}`
  }
  const firstError = doc.errors[0]
  if (firstError) {
    throw new ConfigError(`not valid ${what}: ${firstError.message.split('\n')[0]}`, at(firstError.pos[0]))
  }
  let aliases = 0
  let firstAlias: number | undefined
  visit(doc, {
    Alias(_, node) {
      firstAlias ??= node.range?.[0]
      return ++aliases > MAX_YAML_ALIASES ? visit.BREAK : undefined
    }
  })
  if (aliases > MAX_YAML_ALIASES) {
    throw new ConfigError(
      `more than ${MAX_YAML_ALIASES} YAML aliases (\`*name\`): refused, as aliases can expand without bound`,
      at(firstAlias)
    )
  }
  const toJS = (): unknown => {
    try {
      return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES })
    } catch (e) {
      // yaml's own guard: aliases of aliases that would expand past the limit.
      if (e instanceof ReferenceError) throw new ConfigError(`YAML aliases expand too far (${e.message})`, path)
      throw e
    }
  }
  return { doc, lineCounter, at, toJS }
}

/**
 * The value of a YAML or JSON text with no positions and no error report,
 * within the alias limit: for looking into a file (which schema files a data
 * package names, which keys a policy sets), not for loading it.
 */
export function peekYaml(text: string): unknown {
  return parse(text, { maxAliasCount: MAX_YAML_ALIASES })
}

/** ajv reports the failing branch of every `if`/`oneOf`; keep what a user can act on. */
export function notNoise(e: ErrorObject): boolean {
  return e.keyword !== 'if'
}

/** Where in the file a validation error points (a key the schema does not allow: at that key). */
export function errorOffset(doc: Document, e: ErrorObject): number | undefined {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))
  const node = (path.length ? doc.getIn(path, true) : doc.contents) as YamlNode | undefined
  if (e.keyword === 'additionalProperties' && node && isMap(node)) {
    const key = (e.params as { additionalProperty: string }).additionalProperty
    const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key)
    const keyNode = pair?.key as YamlNode | undefined
    if (keyNode?.range) return keyNode.range[0]
  }
  return node?.range?.[0]
}

/** A validation error in words; `root` is the JSON Schema validated against (it names the keys allowed). */
export function describe(e: ErrorObject, root: object): string {
  const where = e.instancePath ? `\`${e.instancePath.slice(1).replace(/\//g, '.')}\`` : 'the policy'
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty
      const allowed = allowedKeys(e.schemaPath, root)
      return `unknown key \`${key}\` in ${where}${allowed ? `; expected one of: ${allowed}` : ''}`
    }
    case 'enum':
      return `${where} must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`
    case 'const':
      return `${where} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`
    case 'required':
      return `${where} is missing \`${(e.params as { missingProperty: string }).missingProperty}\``
    case 'type':
      return `${where} must be ${(e.params as { type: string }).type === 'array' ? 'a list' : `of type ${(e.params as { type: string }).type}`}`
    default:
      return `${where} ${e.message ?? 'is not valid'}`
  }
}

function allowedKeys(schemaPath: string, root: object): string | undefined {
  // schemaPath like #/properties/datasets/items/additionalProperties
  let node: unknown = root
  for (const seg of schemaPath.split('/').slice(1, -1)) {
    node = (node as Record<string, unknown> | undefined)?.[seg]
  }
  const props = (node as { properties?: Record<string, unknown> } | undefined)?.properties
  return props ? Object.keys(props).join(', ') : undefined
}
