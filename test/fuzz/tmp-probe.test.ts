import {it} from 'vitest'
import {FuzzHost, checkedScan} from '../support/fuzz.js'
import {makeZip, renameMember} from '../support/zip-fixtures.js'
it('p', async () => {
  const host = new FuzzHost()
  const name = '..\\..\\..\\zz\\AnyDesk\\ad.trace'
  const ph = 'x'.repeat(Buffer.byteLength(name))
  const zip = renameMember(await makeZip([{name: ph, data: '   info 2022-08-23 10:20:17.125       gsvc   4628   3528   23                anynet.any_socket - Client-ID: 547911884 (FPR: 67a8dcc336a1).\n'}]), ph, name)
  const r = await checkedScan(host, host.evidence({'c.zip': zip}))
  console.log(JSON.stringify(r, null, 1))
  await host.close()
})
