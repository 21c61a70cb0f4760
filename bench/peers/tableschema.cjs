// Peer: tableschema (npm, Frictionless JS) validating every row of a CSV against
// a Table Schema of its columns (cast every cell, collect errors, keep going).
// Prints {"rows": N, "errors": E} on stdout.
const { Table } = require('tableschema')

async function main() {
  const schema = JSON.parse(process.argv[3])
  const table = await Table.load(process.argv[2], { schema, delimiter: ',' })
  let rows = 0
  let errors = 0
  const it = await table.iter({ cast: true, forceCast: true })
  for await (const row of it) {
    if (row instanceof Error) errors++
    rows++
  }
  process.stdout.write(JSON.stringify({ rows, errors }) + '\n')
}
main()
