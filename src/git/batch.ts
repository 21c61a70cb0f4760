// Blobs out of git without a checkout: one long-lived `git cat-file --batch`
// process, each blob streamed to a file (memory stays flat whatever its size).

import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { GitError } from './run.js'

export class BlobReader {
  private readonly p: ChildProcessByStdio<Writable, Readable, Readable>
  private readonly chunks: AsyncIterator<Buffer>
  private pending: Buffer = Buffer.alloc(0)
  private stderr = ''

  constructor(cwd: string) {
    this.p = spawn('git', ['cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] })
    this.p.stderr.on('data', (b: Buffer) => {
      if (this.stderr.length < 4096) this.stderr += b.toString('utf8')
    })
    this.p.on('error', () => undefined)
    this.chunks = this.p.stdout[Symbol.asyncIterator]()
  }

  /** Writes blob `oid` to `dest`; returns its size. */
  async toFile(oid: string, dest: string): Promise<number> {
    this.p.stdin.write(`${oid}\n`)
    const header = await this.line()
    const m = /^([0-9a-f]+) blob (\d+)$/.exec(header)
    if (!m)
      throw new GitError(
        ['cat-file', '--batch', oid],
        null,
        header.endsWith('missing') ? `object ${oid} is missing` : this.stderr || header
      )
    const size = Number(m[2])
    await mkdir(dirname(dest), { recursive: true })
    const out = createWriteStream(dest)
    let left = size
    while (left > 0) {
      if (this.pending.length === 0) await this.more()
      const take = Math.min(left, this.pending.length)
      const piece = this.pending.subarray(0, take)
      this.pending = this.pending.subarray(take)
      left -= take
      if (!out.write(piece)) await once(out, 'drain')
    }
    out.end()
    await once(out, 'finish')
    // Each blob ends with a newline of git's own.
    if (this.pending.length === 0) await this.more()
    this.pending = this.pending.subarray(1)
    return size
  }

  async close(): Promise<void> {
    this.p.stdin.end()
    if (this.p.exitCode === null) await once(this.p, 'close')
  }

  private async more(): Promise<void> {
    const next = await this.chunks.next()
    if (next.done) throw new GitError(['cat-file', '--batch'], this.p.exitCode, this.stderr || 'git stopped answering')
    this.pending = this.pending.length ? Buffer.concat([this.pending, next.value]) : next.value
  }

  private async line(): Promise<string> {
    for (;;) {
      const nl = this.pending.indexOf(10)
      if (nl >= 0) {
        const s = this.pending.subarray(0, nl).toString('utf8')
        this.pending = this.pending.subarray(nl + 1)
        return s
      }
      await this.more()
    }
  }
}
