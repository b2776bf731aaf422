// One Chrome Remote Desktop host's Application-log events (reference §2.1 table and the
// real event-4 payload quoted there), used by every export form's test.
import type {EvSpec} from '../windows-events/fixtures.js'

export const JID_A = 'worker.one@gmail.com/chromoting_ftl_0523e78a-4a7c-4466-9fd5-5df9be1c656a'
export const JID_B = 'worker.two@gmail.com/chromoting_ftl_9d9c2f44-1b7e-4c61-a0f3-2f7c3c1d8e55'
export const JID_C = 'stranger@example.com/chromoting_ftl_11111111-2222-3333-4444-555555555555'

const ev = (recordId: number, id: number, time: string, data: string[], pid = 6544, extra: Partial<EvSpec> = {}): EvSpec => ({
  provider: 'chromoting', id, level: 4, time, recordId, pid, tid: 7012, computer: 'DESKTOP-7QK2F', data, ...extra,
})

export const CRD_EVENTS: EvSpec[] = [
  ev(1200, 5, '2024-05-16T09:30:00.0000000Z', ['owner@gmail.com']),
  ev(1201, 1, '2024-05-16T09:40:58.1234567Z', [JID_A]),
  // §2.1 real payload: remote `unknown` behind a relay, the host's own address third, channel empty
  ev(1202, 4, '2024-05-16T09:40:58.2000000Z', [JID_A, 'unknown', '10.7.192.38:22205', '', 'relay']),
  ev(1203, 4, '2024-05-16T09:40:58.2100000Z', [JID_A, 'unknown', '10.7.192.38:22205', '', 'relay']),
  ev(1204, 2, '2024-05-16T10:12:03.6234567Z', [JID_A]),
  ev(1205, 3, '2024-05-16T11:00:00.5000000Z', [JID_C], 6544, {level: 2, qualifiers: 49152}),
  ev(1206, 1, '2024-05-16T12:00:00.0000000Z', [JID_B]),
  ev(1207, 4, '2024-05-16T12:00:00.3000000Z', [JID_B, '198.51.100.23:40112', '192.168.1.50:40113', '', 'stun']),
  // no disconnect for JID_B: the host process died and came back as 7788 (§2.1 "Observed")
  ev(1208, 5, '2024-05-16T12:30:00.0000000Z', ['owner@gmail.com'], 7788),
]

/** Rendered messages (§2.1 templates), for the CLIXML `Message` member. */
export const CRD_MESSAGES = [
  'Host started for user: owner@gmail.com.',
  `Client connected: ${JID_A}.`,
  `Channel IP for client: ${JID_A} ip='unknown' host_ip='10.7.192.38:22205' channel='' connection='relay'.`,
  `Channel IP for client: ${JID_A} ip='unknown' host_ip='10.7.192.38:22205' channel='' connection='relay'.`,
  `Client disconnected: ${JID_A}.`,
  `Access denied for client: ${JID_C}.`,
  `Client connected: ${JID_B}.`,
  `Channel IP for client: ${JID_B} ip='198.51.100.23:40112' host_ip='192.168.1.50:40113' channel='' connection='stun'.`,
  'Host started for user: owner@gmail.com.',
]
