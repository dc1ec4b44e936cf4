import { readFileSync, readdirSync } from 'node:fs'
import { scanWorkflow } from '../src/engine/workflow/scan.js'
test('smoke', () => {
  for (const f of readdirSync('__fixtures__/workflows')) {
    const r = scanWorkflow(readFileSync(`__fixtures__/workflows/${f}`, 'utf8'), f)
    console.log(f, JSON.stringify({ ...r, registries: r.registries.map((x) => `${x.host}@${x.location?.line} ${x.raw}`) }, null, 1))
  }
})
