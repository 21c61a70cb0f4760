// A stand-in for dist/worker.js that misbehaves on purpose, by file name:
// `crash-*` throws, `oom-*` allocates until its heap limit kills it; other
// files get an empty clean result.
import { parentPort } from 'node:worker_threads'

const hoard = []
parentPort.on('message', ({ index, target }) => {
  if (target.rel.includes('crash-')) throw new Error('boom')
  if (target.rel.includes('oom-')) for (;;) hoard.push(new Array(1e6).fill(index))
  parentPort.postMessage({
    index,
    result: { entry: { path: target.rel, status: 'scanned', errors: 0, warnings: 0, tables: 1, rows: 1 }, findings: [] }
  })
})
parentPort.postMessage('ready')
