// Remote-control tools recognised in service names, image paths and registry keys (reference §2.1,
// §4.2, §4.7). Values are the `tool` names the indicator pack's RA-* rules match.
const TOOLS: ReadonlyArray<[RegExp, string]> = [
  [/anydesk/i, 'anydesk'],
  [/chromoting|chrome remote desktop|remoting_host/i, 'chrome_remote_desktop'],
  [/teamviewer/i, 'teamviewer'],
  [/rustdesk/i, 'rustdesk'],
  [/screenconnect|connectwise control/i, 'screenconnect'],
  [/splashtop/i, 'splashtop'],
  [/\bparsec/i, 'parsec'],
  [/meshagent|mesh agent|\batera|ultravnc|tightvnc|realvnc|tvnserver|winvnc|hoptodesk|todesk|sunlogin|radmin|nomachine|getscreen|zoho assist|ammyy/i, 'other'],
]

export function remoteTool(...texts: Array<string | undefined>): string | undefined {
  for (const t of texts) {
    if (!t) continue
    for (const [re, tool] of TOOLS) if (re.test(t)) return tool
  }
  return undefined
}
