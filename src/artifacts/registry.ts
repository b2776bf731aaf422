// Every artifact parser, listed explicitly (no globbing). The first parser whose path test and
// content sniff both pass claims a file, so more specific parsers come first.
import {anydeskConf} from './anydesk/conf.js'
import {anydeskConnectionTrace} from './anydesk/connection-trace.js'
import {anydeskFileTransferTrace} from './anydesk/file-transfer-trace.js'
import {anydeskTrace} from './anydesk/trace.js'
import {rustdeskLog} from './rustdesk/log.js'
import {splashtopFtcLog} from './splashtop/ftclog.js'
import {splashtopSpLog} from './splashtop/splog.js'
import {teamviewerConnections} from './teamviewer/connections.js'
import {teamviewerLogfile} from './teamviewer/logfile.js'
import type {ArtifactParser} from './types.js'

export const PARSERS: readonly ArtifactParser[] = [
  // AnyDesk (shared/reference/remote-access-artifacts.md §1)
  anydeskTrace,
  anydeskConnectionTrace,
  anydeskFileTransferTrace,
  anydeskConf,
  // TeamViewer, RustDesk, Splashtop (shared/reference/remote-access-artifacts.md §3)
  teamviewerConnections,
  teamviewerLogfile,
  rustdeskLog,
  splashtopSpLog,
  splashtopFtcLog,
]
