// Relationship parts: which part points at which, by type.

import { posix } from 'node:path'
import type { PackageContext } from '../package/context.js'
import { parseXml } from '../package/xml.js'

export interface Rel {
  id: string
  /** Last segment of the relationship type URI: `worksheet`, `comments`... */
  type: string
  /** Package path of the target (no leading slash); the raw target when external. */
  target: string
  external: boolean
}

function relsPathOf(part: string): string {
  const dir = posix.dirname(part)
  return `${dir === '.' ? '' : dir + '/'}_rels/${posix.basename(part)}.rels`
}

function resolveTarget(from: string, target: string): string {
  if (target.startsWith('/')) return posix.normalize(target.slice(1))
  const dir = posix.dirname(from)
  return posix.normalize(posix.join(dir === '.' ? '' : dir, target)).replace(/^(\.\.\/)+/, '')
}

/** The relationships of `part` (empty when it has none). External targets are counted, not echoed. */
export async function readRels(ctx: PackageContext, part: string): Promise<Rel[]> {
  const path = relsPathOf(part)
  if (!ctx.zip.has(path)) return []
  const out: Rel[] = []
  await parseXml(ctx.text(path), {
    open(name, a) {
      if (name !== 'Relationship' || !a.Target) return
      const external = a.TargetMode === 'External'
      const type = (a.Type ?? '').split('/').pop() ?? ''
      if (external) ctx.externalTargets.push(a.Target)
      out.push({ id: a.Id ?? '', type, target: external ? a.Target : resolveTarget(part, decodeURIComponentSafe(a.Target)), external })
    }
  })
  return out
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
