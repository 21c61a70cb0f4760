// The Action: a thin shell over scan(). Reads the inputs, scans, writes the
// outputs and the job summary, fails the step when publication must stop.

import { writeFile } from 'node:fs/promises'
import * as core from '@actions/core'
import { ConfigError } from '../errors.js'
import { resolvePolicy } from '../policy/index.js'
import { renderJson } from '../report/json.js'
import { renderSarif } from '../report/sarif.js'
import { renderText } from '../report/text.js'
import { scan } from '../scan.js'
import { readSettings } from './settings.js'

export async function run(): Promise<void> {
  try {
    const s = readSettings()
    const policy = await resolvePolicy(s.policyExplicit ? s.policy : undefined, s.workspace)
    if (policy.source === null) core.info(`No ${s.policy}: using the built-in default policy.`)
    const report = await scan({ policy, paths: s.paths.length ? s.paths : ['.'], root: s.workspace, failOn: s.failOn })
    const text = renderText(report)
    core.info(text)
    if (s.reportFile) await writeFile(s.reportFile, renderJson(report))
    if (s.sarifFile) await writeFile(s.sarifFile, renderSarif(report))
    await core.summary.addRaw('## publish-guard\n\n```\n' + text + '```\n').write()
    core.setOutput('blocked', String(report.blocked))
    core.setOutput('findings', String(report.findings.length))
    core.setOutput('files-scanned', String(report.totals.scanned + report.totals.unreadable))
    core.setOutput('report-file', s.reportFile ?? '')
    if (report.blocked) core.setFailed('publish-guard: personal data or policy violations block publication (see the summary).')
  } catch (e) {
    if (e instanceof ConfigError) core.setFailed(`Configuration error: ${e.message}`)
    else core.setFailed(`publish-guard internal error (a bug; please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
  }
}
