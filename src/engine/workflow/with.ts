/**
 * The registries a `uses:` step names in its `with:` inputs. Any input counts, whatever the action and the key,
 * when its value, or one item of it (lines of a block, comma-separated parts), is an image reference or a registry
 * host: `registry: us.icr.io`, `image: us.icr.io/team/app`, `images: |`, `tags: a, b`,
 * `cache-from: type=registry,ref=…`. An item with spaces (a script, a sentence) is not an image reference.
 *
 * What the job does with it is known for a few actions: docker/login-action and podman-login log in,
 * push-to-registry pushes, docker/build-push-action pushes its `tags` when `push: true` (and the
 * docker/metadata-action `images` those tags come from).
 *
 * Deploying actions hand images to IBM's side. An action whose repository name says it deploys to Code Engine or to
 * a cluster (`code-engine`, `codeengine`, `kubernetes`, `kubectl`, `k8s`, `helm`, `openshift`, `iks`, `icce`) passes
 * its `image:` inputs to the platform, which pulls (or, for a Code Engine build, pushes) from IBM's side: they are
 * not registries of the runner. The one upload such an action makes from the runner, Code Engine's local build
 * source, goes to a registry host Code Engine picks, and is noted as not resolvable.
 */
import type { Node } from 'yaml'
import type { Use } from './commands.js'
import type { Collected, Ref } from './collected.js'
import type { EnvScope } from './env-use.js'
import { resolveExpressions } from './expressions.js'
import {
  entries,
  get,
  items,
  lineOf,
  scalarLines,
  scalarsUnder,
  text,
  type ScalarLine,
  type Tree
} from './yaml-nodes.js'

/** What the walk of a job shares with its `uses:` steps. */
interface StepContext {
  tree: Tree
  out: Collected
  job: string
  env: EnvScope
  /** This job's docker/metadata-action steps by id, with the refs read from their `images:`. */
  metadata: Map<string, Ref[]>
}

/** How an action treats registries; `other` is any action not known, whose inputs are read all the same. */
type Role = 'login' | 'build-push' | 'metadata' | 'push' | 'deploy' | 'other'

const ROLES: Readonly<Record<string, Role>> = {
  'docker/login-action': 'login',
  'redhat-actions/podman-login': 'login',
  'docker/build-push-action': 'build-push',
  'docker/metadata-action': 'metadata',
  'redhat-actions/push-to-registry': 'push'
}
const DEPLOYS = /code-?engine|kubernetes|kubectl|k8s|helm|openshift|\biks\b|\bicce\b/
/** Inputs that name a registry whatever the action: an unresolvable value there is worth a note. */
const REGISTRY_KEY = /^(docker[-_]?)?registry([-_]?(url|host|hostname|server|address))?$/i
/** Inputs of known actions that hold image references (an unresolvable host there is worth a note). */
const IMAGE_KEYS: Readonly<Partial<Record<Role, string>>> = { 'build-push': 'tags', metadata: 'images' }
/** A tag list entry that is a docker/metadata-action step's output. */
const STEP_OUTPUT = /^\$\{\{\s*steps\.([\w-]+)\.outputs\.(tags|json|labels)\s*\}\}$/
const EXPRESSION = /\$\{\{[\s\S]*?\}\}/g

/** Reads the `with:` inputs of one `uses:` step (`action` normalised: `owner/repo/path`, lower case). */
export function walkWithInputs(ctx: StepContext, step: Node, action: string): void {
  const t = ctx.tree
  const withNode = get(t, step, 'with')
  const role: Role = ROLES[action] ?? (DEPLOYS.test(action.split('/')[1] ?? '') ? 'deploy' : 'other')
  if (role === 'deploy') {
    for (const value of scalarsUnder(t, withNode)) ctx.env.mention(value, 'ibm')
    noteCodeEngineUpload(ctx, step, action)
    return
  }
  const pushInput = text(t, get(t, withNode, 'push'))
    ?.trim()
    .toLowerCase()
  const pushes = role === 'build-push' && pushInput === 'true'
  const images: Ref[] = []
  for (const [key, node] of entries(t, withNode)) {
    const listed = items(t, node)
    const values: ScalarLine[] = listed.length > 0 ? listed.flatMap((n) => scalarLines(t, n)) : scalarLines(t, node)
    const use = useOf(role, key, { pushes })
    const reportUnknown = REGISTRY_KEY.test(key) || IMAGE_KEYS[role] === key
    for (const { text: value, line } of values) {
      ctx.env.mention(value, 'runner')
      for (const part of value.split(',').map((p) => p.trim().replace(/^(name|ref)=/, ''))) {
        const linked = ctx.metadata.get(STEP_OUTPUT.exec(part)?.[1] ?? '')
        if (linked) {
          // Tags from a docker/metadata-action step whose `images:` were read already: nothing unknown.
          if (key === 'tags' && pushes) for (const ref of linked) ref.use = 'push'
          continue
        }
        if (part === '' || /\s/.test(part.replace(EXPRESSION, ''))) continue
        const resolved = resolveExpressions(part, ctx.env.chain)
        const ref: Ref = { written: part, resolved, line, reportUnknown, source: 'use', use, job: ctx.job }
        ctx.out.refs.push(ref)
        if (role === 'metadata' && key === 'images') images.push(ref)
      }
    }
  }
  const id = text(t, get(t, step, 'id'))
  if (role === 'metadata' && id) ctx.metadata.set(id, images)
}

/** What the job does with the registries of one input of an action, when known; `pushes`: build-push's `push: true`. */
function useOf(role: Role, key: string, build: { pushes: boolean }): Use | undefined {
  if (role === 'login' || role === 'push') return role
  if (role !== 'build-push') return undefined
  if (key === 'tags') return build.pushes ? 'push' : undefined
  return key === 'cache-to' ? 'push' : key === 'cache-from' ? 'pull' : undefined
}

/**
 * A Code Engine action that builds from a local directory (`component: build`, or an app, job or function without
 * an `image:`) has the CLI pack that directory and upload it from the runner, to a registry host Code Engine picks.
 */
function noteCodeEngineUpload(ctx: StepContext, step: Node, action: string): void {
  const t = ctx.tree
  if (!/code-?engine/.test(action)) return
  const withNode = get(t, step, 'with')
  const componentInput = text(t, get(t, withNode, 'component'))
  const component = componentInput?.trim().toLowerCase()
  const sourceNode = get(t, withNode, 'build-source')
  const source = text(t, sourceNode) ?? '.'
  const builds = component === 'build' || text(t, get(t, withNode, 'image')) === undefined
  if (!builds || /^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(source.trim())) return
  const line = lineOf(t, sourceNode ?? get(t, step, 'uses'))
  ctx.out.notes.push({ expression: codeEngineUpload(source), line })
}

/** The note for Code Engine's upload of a local build source (also made for `ibmcloud ce … --build-source`). */
export function codeEngineUpload(source: string): string {
  return `Code Engine's upload of the local build source ${source.trim()} (from the runner, to a Container Registry host Code Engine picks)`
}
