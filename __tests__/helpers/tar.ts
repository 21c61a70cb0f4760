// A tar archive in memory (tar-stream's packer), for the archive reader's tests.

import { pack } from 'tar-stream'

export interface TarEntry {
  name: string
  data?: string | Buffer
  /** A symbolic link to this target instead of a file. */
  linkTo?: string
}

export async function tar(entries: TarEntry[]): Promise<Buffer> {
  const p = pack()
  const chunks: Buffer[] = []
  p.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    p.on('end', resolve)
    p.on('error', reject)
  })
  for (const e of entries) {
    if (e.linkTo !== undefined) p.entry({ name: e.name, type: 'symlink', linkname: e.linkTo })
    else p.entry({ name: e.name }, e.data ?? '')
  }
  p.finalize()
  await done
  return Buffer.concat(chunks)
}
