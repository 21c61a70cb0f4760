// Preloaded into every measured child (`node --import ./bench/probe.js ...`):
// when the process exits, it writes its own peak RSS (and CPU time) to the file
// named by BENCH_PROBE_OUT. The parent times the wall clock itself.
import { writeFileSync } from 'node:fs'

const out = process.env.BENCH_PROBE_OUT
if (out) {
  process.on('exit', () => {
    const u = process.resourceUsage()
    writeFileSync(out, JSON.stringify({ maxRssKB: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }))
  })
}
