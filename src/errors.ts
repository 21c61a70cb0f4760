import type { SafeText } from './findings.js'

// Two kinds of failure, reported differently (as github/codeql-action does):
// a user's configuration error says what to fix and exits 2; anything else is
// a bug in publish-guard and is reported with its stack.

/** Bad policy, bad input, bad arguments: the user can fix it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(
    message: string,
    /** Where the problem is: `policy.yml:12:5`, `input fail-on`. */
    readonly where?: string
  ) {
    super(where ? `${where}: ${message}` : message)
  }
}

/**
 * A file that cannot be fully read. Thrown by readers; the scan turns it into
 * a blocking `file/unreadable` finding. `reason` and `remedy` are fixed text
 * written in code, never file content.
 */
export class UnreadableError extends Error {
  override readonly name = 'UnreadableError'
  constructor(
    readonly reason: SafeText,
    readonly remedy: SafeText
  ) {
    super(reason)
  }
}
