// Peer: redact-pii (npm) SyncRedactor over every row of a CSV, one call per row.
// Prints {"rows": N} on stdout.
const { createReadStream } = require('node:fs')
const { createInterface } = require('node:readline')
const { SyncRedactor } = require('redact-pii')

async function main() {
  const redactor = new SyncRedactor()
  let rows = 0
  let changed = 0
  for await (const line of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) {
    if (redactor.redact(line) !== line) changed++
    rows++
  }
  process.stdout.write(JSON.stringify({ rows, changed }) + '\n')
}
main()
