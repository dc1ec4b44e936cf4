import { test } from '@jest/globals'
import { startEcho } from './helpers/fake-echo.js'
import { runAction } from './helpers/runner.js'
test.each(['hang', 'hang-after-headers', 'drip'] as const)('%s', async (kind) => {
  for (let i = 0; i < 3; i++) {
    const e = await startEcho({ kind } as never)
    const r = await runAction({ inputs: { 'timeout-seconds': '3', 'ip-version': '4', allowlist: '203.0.113.0/24', 'ip-echo-urls': e.url } })
    const rep = JSON.parse(r.outputs.report)
    console.log(kind, r.elapsedMs, rep.elapsedMs, rep.egress.answers[0].error, e.openConnections)
    await e.close()
  }
})
