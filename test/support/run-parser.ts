// Runs the real pipeline (evidence walk, recognition, hashing) on one file or folder, with an
// optional restriction to some parsers, and returns what the report would hold.
import type {ArtifactParser} from '../../src/artifacts/types.js'
import type {ArtifactRecord, TimelineEvent} from '../../src/lib/model.js'
import {scanCase} from '../../src/lib/scan-case.js'

export async function scanWith(
  evidence: string,
  opts: {parsers?: ArtifactParser[]; hostTz?: string; localTimeKinds?: string[]; caseId?: string} = {},
): Promise<{artifacts: ArtifactRecord[]; events: TimelineEvent[]; warnings: string[]}> {
  const r = await scanCase(evidence, {caseId: opts.caseId ?? 'test', hostTz: opts.hostTz, localTimeKinds: opts.localTimeKinds, parsers: opts.parsers})
  return {artifacts: r.artifacts, events: r.events, warnings: r.warnings}
}
