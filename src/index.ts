// The Action entry: run() and nothing else. See src/github/run.ts.
import { run } from './github/run.js'

await run()
