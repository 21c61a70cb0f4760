import { type ParseArgsConfig, parseArgs } from 'node:util'
import { ConfigError } from '../errors.js'

/**
 * A command's arguments, parsed strictly (unknown options are errors);
 * a mistake is a usage error that shows the command's usage.
 */
export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, usage: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true })
  } catch (e) {
    throw new ConfigError(`${(e as Error).message}\n\n${usage}`)
  }
}
