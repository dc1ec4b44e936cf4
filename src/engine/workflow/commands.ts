/**
 * What one shell command says about registries: the container tools (`docker`, `podman`, `buildah`, `skopeo`), the
 * IBM Cloud CLI (`cr login`, `cr region-set`, `login -r`), and the commands that only hand an image to IBM's side
 * (Code Engine, Kubernetes Service, `kubectl`, `oc`, `helm`), which the runner itself never pulls or pushes.
 *
 * Words come from `shell.ts` (quotes removed, variables not yet substituted), each with the line it is written on.
 */

/** One word of a command, with the 1-based file line it is written on. */
export interface Word {
  text: string
  line: number
}

/** What a command does with a registry: push (and pull), pull only, or only log in to it. */
export type Use = 'push' | 'pull' | 'login'

/** `runner`: the command runs on the runner; `ibm`: it only hands values to IBM's side (a deploy). */
export type Side = 'runner' | 'ibm'

/** What a command says about registries, in order. */
export type ShellEvent =
  | { kind: 'image'; word: Word; use?: Use; reportUnknown: boolean } // an image reference or a registry host
  | { kind: 'cr-login'; line: number }
  | { kind: 'region-set'; word: Word }
  | { kind: 'login-region'; word: Word; command: string } // `ibmcloud login -r REGION`, `ibmcloud target -r REGION`
  | { kind: 'cr-build'; line: number }
  | { kind: 'assign'; name: string; word: Word }
  | { kind: 'mentions'; words: Word[]; side: Side } // every word, for the variables a command refers to
  | { kind: 'local-source'; word: Word } // Code Engine uploads this local directory from the runner

/** Words that run the command after them (`sudo docker push …`). */
const PREFIXES = new Set(['export', 'sudo', 'env', 'time', 'command', 'exec', 'nohup'])
const ASSIGNMENT = /^([A-Za-z_]\w*)=(.*)$/s
/** Tools that give an image to a cluster or a platform, which pulls it from IBM's side. */
const IBM_SIDE_TOOLS = new Set(['kubectl', 'oc', 'helm', 'kustomize', 'kn'])
/** `ibmcloud` plugins that deploy: Code Engine, Kubernetes Service, Red Hat OpenShift on IBM Cloud. */
const IBM_SIDE_PLUGINS = new Set(['ce', 'code-engine', 'ks', 'kubernetes-service', 'cs', 'oc'])
/** Options before a container tool's subcommand that take a value (docker, podman, buildah, skopeo). */
const GLOBAL_WITH_VALUE = new Set(
  ['--config', '-c', '--context', '-H', '--host', '-l', '--log-level', '--root', '--runroot', '--storage-driver']
    .concat(['--storage-opt', '--connection', '--url', '--identity', '--registries-conf', '--tmpdir', '--policy'])
    .concat(['--registries.d', '--command-timeout', '--override-arch', '--override-os', '--override-variant'])
)
/**
 * Subcommand options that take the next word as their value, so that it is not read as the image. Flags whose
 * short form means different things across subcommands without a value (`-t`, `-a`, `-d`, `-i`) are left out.
 */
const WITH_VALUE = new Set(
  ['--platform', '-u', '--username', '-p', '--password', '--authfile', '--cert-dir', '--creds', '--format', '-f']
    .concat(['--compression-format', '--compression-level', '--digestfile', '--sign-by', '--retry', '--retry-delay'])
    .concat(['--encryption-key', '--decryption-key', '--arch', '--os', '--variant', '--name', '--signature-policy'])
    .concat(['-e', '--env', '--env-file', '-v', '--volume', '-w', '--workdir', '--publish', '--network', '--net'])
    .concat(['--entrypoint', '--user', '--mount', '--label', '--add-host', '-h', '--hostname', '--cpus', '-m'])
    .concat(['--memory', '--shm-size', '--ulimit', '--device', '--cap-add', '--cap-drop', '--security-opt'])
    .concat(['--tmpfs', '--log-driver', '--log-opt', '--restart', '--gpus', '--ipc', '--pid', '--group-add'])
    .concat(['--dns', '--expose', '--link', '--volumes-from', '--runtime', '--cidfile', '--userns', '--secret'])
    .concat(['--pod', '-c', '--cpu-shares', '--sysctl', '--ip', '--src-creds', '--dest-creds', '--src-authfile'])
    .concat(['--dest-authfile', '--src-cert-dir', '--dest-cert-dir', '--src-registry-token', '--dest-registry-token'])
    .concat(['--registry-token', '--src-username', '--src-password', '--dest-username', '--dest-password'])
    .concat(['--retry-times', '--additional-tag', '--dest-compress-format', '--dest-compress-level', '--multi-arch'])
    .concat(['--image-parallel-copies', '--sign-identity', '--src-daemon-host', '--dest-daemon-host'])
)

/** The events of one command (its words as `shell.ts` split them). */
export function commandEvents(all: Word[]): ShellEvent[] {
  const assignments: ShellEvent[] = []
  let i = 0
  for (let word = all[0]; word !== undefined; word = all[i]) {
    const m = ASSIGNMENT.exec(word.text)
    if (m) {
      // `A=b cmd` sets A for cmd only; `A=b` alone (or `export A=b`) sets it for the rest of the script.
      assignments.push({ kind: 'assign', name: m[1] ?? '', word: { text: m[2] ?? '', line: word.line } })
      i++
    } else if (PREFIXES.has(word.text)) {
      i++
      while (all[i]?.text.startsWith('-')) i++
    } else break
  }
  const [toolWord, ...args] = all.slice(i)
  const tool = toolWord?.text.split('/').pop() ?? ''
  const side: Side = handsToIbm(tool, args) ? 'ibm' : 'runner'
  const events: ShellEvent[] = [{ kind: 'mentions', words: all, side }, ...assignments]
  if (tool === 'docker' || tool === 'podman' || tool === 'buildah') events.push(...containerToolEvents(args))
  else if (tool === 'skopeo') events.push(...skopeoEvents(args))
  else if (tool === 'ibmcloud' || tool === 'ic') events.push(...ibmcloudEvents(args))
  return events
}

/** Whether the command only hands images to IBM's side: a cluster or Code Engine pulls them, not the runner. */
function handsToIbm(tool: string, args: Word[]): boolean {
  if (IBM_SIDE_TOOLS.has(tool)) return true
  return (tool === 'ibmcloud' || tool === 'ic') && IBM_SIDE_PLUGINS.has(args[0]?.text ?? '')
}

/** An image or registry the command names; an unknown host there is worth a "not resolvable" note. */
const image = (word: Word, use: Use | undefined): ShellEvent => ({ kind: 'image', word, use, reportUnknown: true })

/**
 * An image named in passing (a base image, a local tag's source, a build tag), usually not on a registry of
 * ours: an unknown host there is not worth a note.
 */
const incidental = (word: Word, use: Use | undefined): ShellEvent => ({
  kind: 'image',
  word,
  use,
  reportUnknown: false
})

/** docker, podman and buildah, which share their subcommands' shapes. */
function containerToolEvents(args: Word[]): ShellEvent[] {
  const words = afterGlobalOptions(args)
  // `docker image push`, `docker container run`, `docker buildx build`: the subcommand is the next word.
  const grouped = ['image', 'container', 'buildx'].includes(words[0]?.text ?? '') && words.length > 1
  const [sub, ...rest] = grouped ? words.slice(1) : words
  const [first, second] = positional(rest)
  switch (sub?.text) {
    case 'push': // podman and buildah take an optional destination after the local image
      return first ? [image(second ?? first, 'push')] : []
    case 'pull':
      return first ? [image(first, 'pull')] : []
    case 'run':
    case 'create':
    case 'from': // buildah from IMAGE: a base image, usually from Docker Hub
      return first ? [incidental(first, 'pull')] : []
    case 'tag': // the source is usually a local name: only the targets are worth a "not resolvable" note
      return positional(rest).map((word, n) => (n === 0 ? incidental(word, undefined) : image(word, undefined)))
    case 'login':
      return first ? [image(first, 'login')] : []
    case 'build':
    case 'bud': {
      const use = pushesWhenBuilt(rest) ? 'push' : undefined
      return buildTags(rest).map((word) => incidental(word, use))
    }
    case 'manifest': {
      if (first?.text !== 'push') return []
      const [list, destination] = positional(rest).slice(1)
      const target = destination ?? list
      return target ? [image(target, 'push')] : []
    }
    default:
      return []
  }
}

/** skopeo: `copy SRC DST` pulls SRC and pushes DST; only `docker://` references are registries. */
function skopeoEvents(args: Word[]): ShellEvent[] {
  const [sub, ...rest] = afterGlobalOptions(args)
  const [first, second] = positional(rest)
  // Only a `docker://` reference is surely a registry's; another transport, or a variable, may be a local path.
  const ref = (w: Word, use: Use): ShellEvent => (/^docker:\/\//i.test(w.text) ? image(w, use) : incidental(w, use))
  switch (sub?.text) {
    case 'copy': {
      const events = first ? [ref(first, 'pull')] : []
      return second ? [...events, ref(second, 'push')] : events
    }
    case 'inspect':
      return first ? [ref(first, 'pull')] : []
    case 'login':
      return first ? [image(first, 'login')] : []
    default:
      return []
  }
}

function ibmcloudEvents(args: Word[]): ShellEvent[] {
  const [plugin, sub] = args
  if (plugin?.text === 'cr') {
    if (sub?.text === 'login') return [{ kind: 'cr-login', line: sub.line }]
    const [region] = positional(args.slice(2))
    if (sub?.text === 'region-set') return region ? [{ kind: 'region-set', word: region }] : []
    if (sub?.text === 'build' || sub?.text === 'image-build') return [{ kind: 'cr-build', line: sub.line }]
    return []
  }
  if (plugin?.text === 'login' || plugin?.text === 'target') {
    const region = optionValue(args, ['-r', '--region'])
    return region ? [{ kind: 'login-region', word: region, command: `ibmcloud ${plugin.text} -r` }] : []
  }
  if (plugin?.text === 'ce' || plugin?.text === 'code-engine') {
    // A URL is built on IBM's side; a local directory is packed and uploaded by the CLI, from the runner.
    const source = optionValue(args, ['--build-source', '--src', '--source'])
    return source && !/^[a-z][a-z0-9+.-]*:\/\/|^git@/i.test(source.text) ? [{ kind: 'local-source', word: source }] : []
  }
  return []
}

/** The words after the options that come before a container tool's subcommand. */
function afterGlobalOptions(args: Word[]): Word[] {
  let i = 0
  for (let a = args[0]?.text; a?.startsWith('-'); a = args[i]?.text) i += GLOBAL_WITH_VALUE.has(a) ? 2 : 1
  return args.slice(i)
}

/** The value of the first of `names` (`-r X`, `--region X`, `--region=X`), as a word with its line. */
function optionValue(args: Word[], names: string[]): Word | undefined {
  for (const [i, a] of args.entries()) {
    if (names.includes(a.text)) return args[i + 1]
    const eq = names.find((n) => a.text.startsWith(`${n}=`))
    if (eq) return { text: a.text.slice(eq.length + 1), line: a.line }
  }
  return undefined
}

/** Positional arguments, skipping options (and the values of the options that take one). */
function positional(args: Word[]): Word[] {
  const out: Word[] = []
  const rest = args[Symbol.iterator]()
  for (const a of rest) {
    if (a.text === '--') return out.concat([...rest])
    if (!a.text.startsWith('-')) out.push(a)
    else if (WITH_VALUE.has(a.text)) rest.next()
  }
  return out
}

/** `-t X`, `--tag X`, `--tag=X`, `-tX` of a build. */
function buildTags(args: Word[]): Word[] {
  const tags: Word[] = []
  const rest = args[Symbol.iterator]()
  for (const a of rest) {
    if (a.text === '-t' || a.text === '--tag') {
      const value = rest.next()
      if (!value.done) tags.push(value.value)
    } else if (a.text.startsWith('--tag=')) tags.push({ text: a.text.slice(6), line: a.line })
    else if (a.text.startsWith('-t') && a.text.length > 2 && !a.text.startsWith('--')) {
      tags.push({ text: a.text.slice(2), line: a.line })
    }
  }
  return tags
}

/** Whether a build pushes its tags: `--push`, or an output of type `registry` (or with `push=true`). */
function pushesWhenBuilt(args: Word[]): boolean {
  if (args.some((a) => a.text === '--push')) return true
  const output = optionValue(args, ['--output', '-o'])
  return output !== undefined && /type=registry|push=true/.test(output.text)
}
