// Peer: papaparse parse-only pass over a CSV (the floor any CSV scanner pays).
// Prints {"rows": N} on stdout.
import { createReadStream } from 'node:fs'
import Papa from 'papaparse'

let rows = 0
Papa.parse(createReadStream(process.argv[2], { encoding: 'utf8' }), {
  step() {
    rows++
  },
  complete() {
    process.stdout.write(JSON.stringify({ rows }) + '\n')
  }
})
