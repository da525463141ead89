// Summarises a V8 CPU profile of the server (`pnpm bench:queue -- --profile`, `pnpm bench:intake --
// --profile`): where its time went once it answered the first request (the function a request
// starts in is named: a first page's by default), by kind of code (self time) and by the functions a
// request passes through (total time, callees included), as shares of the time the server was not idle.
// Given the number of requests, also in µs per request by the step of a request the time went to
// (session, building, running and describing the view, compression, ...). V8 samples
// by the clock: on a busy machine, time the server waited for a CPU lands on whatever it was running
// (a socket write, often); `perf record -e cpu-clock` counts CPU time only.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** What kind of code a frame is: a package, a folder of ours, or V8's own. */
function areaOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `(native) ${functionName}`;
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] ?? url;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const ours = /\/(packages|apps)\/([^/]+)\/src\/(.*)$/.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}/${ours[3]?.split('/').slice(0, 2).join('/')}`;
  return url;
}

/** Functions whose total time tells where a request's time goes (matched on name). */
const WATCHED = [
  'resolveSession',
  'sessionUserFor',
  'hashToken',
  'listMatters',
  'listView',
  'viewQuery',
  'describeRows',
  'withholdCriminalHistory',
  'writeAudit',
  'appendAuditRow',
  'appendToChain',
  'journalAuditRow',
  'compileQuery',
  'compile',
  'executeQuery',
  'prepare',
  'all',
  'run',
  'parse',
  'safeParse',
  'stringify',
  'onSendHook',
  'compress',
  'resolveResponse',
  'fastifyRequestHandler',
  'routeOf',
];

/**
 * The stage of a request a stack belongs to: the first rule that names a function on the stack (the
 * request's own steps, in this order), else the kind of code its innermost frame is.
 */
const STAGES: [string, (frame: ProfileNode['callFrame']) => boolean][] = [
  [
    'session lookup + touch',
    (f) => f.functionName === 'sessionUserFor' || f.functionName === 'resolveSession',
  ],
  [
    'audit rows',
    (f) => ['writeAudit', 'appendAuditRow', 'appendToChain', 'journalAuditRow'].includes(f.functionName),
  ],
  ['view query built', (f) => f.functionName === 'viewQuery'],
  ['rows described', (f) => f.functionName === 'describeRows'],
  ['view query run', (f) => f.functionName === 'listView'],
  ['need-to-know filter', (f) => f.functionName === 'withholdCriminalHistory'],
  ['request log', (f) => /\/http\/lifecycle\.ts$|\/pino|\/thread-stream/.test(f.url)],
  ['compression', (f) => /@fastify\+compress|node:zlib/.test(f.url)],
];

/** What the innermost frames of a stack are doing, within its stage. */
const KINDS: [string, (frame: ProfileNode['callFrame'], leaf: boolean) => boolean][] = [
  ['SQL (driver call)', (f, leaf) => leaf && f.functionName === 'executeQuery' && /kysely/.test(f.url)],
  ['office-scope plugin', (f) => /office-scope\.ts$/.test(f.url)],
  ['audited-changes plugin', (f) => /audited-changes\.ts$/.test(f.url)],
  ['kysely compile', (f) => f.functionName === 'compileQuery'],
];

export function summariseProfile(
  dir: string,
  top = 25,
  options: {
    firstRequest?: string;
    watch?: readonly string[];
    /** Requests the profile saw after the first: figures are then also given in µs per request. */
    requests?: number;
  } = {},
): Record<string, unknown> {
  const firstRequest = options.firstRequest ?? 'listMatters';
  const watchedNames = [...WATCHED, ...(options.watch ?? [])];
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return { error: `no .cpuprofile in ${dir}` };
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  // Start-up (loading modules, migrations) is left out: samples count from the first request listed.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inRequest = (id: number) => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      if (byId.get(at)?.callFrame.functionName === firstRequest) return true;
    return false;
  };
  const first = Math.max(0, profile.samples.findIndex(inRequest));
  // Stopping (closing the database, a last checkpoint) is left out too: samples count up to the last
  // one inside a request of that function.
  let last = profile.samples.length - 1;
  while (last > first && !inRequest(profile.samples[last] as number)) last--;
  let elapsed = 0;
  const hits = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    if (i <= first || i > last) continue;
    const id = profile.samples[i] as number;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    elapsed += ms;
    hits.set(id, (hits.get(id) ?? 0) + ms);
  }
  const totalMs = elapsed;
  const selfMs = (node: ProfileNode) => hits.get(node.id) ?? 0;

  const byArea = new Map<string, number>();
  const bySelf = new Map<string, number>();
  for (const node of profile.nodes) {
    const area = areaOf(node.callFrame);
    byArea.set(area, (byArea.get(area) ?? 0) + selfMs(node));
    const name = `${node.callFrame.functionName || '(anonymous)'} ${area}:${node.callFrame.lineNumber + 1}`;
    bySelf.set(name, (bySelf.get(name) ?? 0) + selfMs(node));
  }
  const idleMs = byArea.get('(idle)') ?? 0;
  const busyMs = totalMs - idleMs;

  // Total time per watched function name, counting a stack once however often the name recurs in it.
  const watched = new Map<string, number>(watchedNames.map((name) => [name, 0]));
  const walk = (node: ProfileNode, open: Set<string>) => {
    const name = node.callFrame.functionName;
    const counts = watchedNames.includes(name) && !open.has(name);
    if (counts) open.add(name);
    const self = selfMs(node);
    for (const active of open) watched.set(active, (watched.get(active) ?? 0) + self);
    for (const child of node.children ?? []) {
      const next = byId.get(child);
      if (next) walk(next, open);
    }
    if (counts) open.delete(name);
  };
  const root = profile.nodes[0];
  if (root) walk(root, new Set());

  // Each sample's stage and kind, from its stack.
  const stages = new Map<string, number>();
  const frameCache = new Map<number, ProfileNode['callFrame'][]>();
  const stackOf = (id: number): ProfileNode['callFrame'][] => {
    const cached = frameCache.get(id);
    if (cached) return cached;
    const frames: ProfileNode['callFrame'][] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame) frames.push(frame);
    }
    frameCache.set(id, frames);
    return frames;
  };
  for (const [id, ms] of hits) {
    const frames = stackOf(id); // innermost first
    const leaf = frames[0];
    if (!leaf || leaf.functionName === '(idle)') continue;
    const kind =
      KINDS.find(([, matches]) => frames.some((frame, i) => matches(frame, i === 0)))?.[0] ?? areaOf(leaf);
    const staged = STAGES.find(([, matches]) => frames.some(matches))?.[0];
    // A query runs after an await, whose stack no longer names the step that asked for it.
    const key = staged
      ? `${staged} / ${kind}`
      : kind === 'SQL (driver call)'
        ? 'SQL (driver call), any step'
        : leaf.functionName === '(garbage collector)'
          ? 'garbage collector'
          : areaOf(leaf);
    stages.set(key, (stages.get(key) ?? 0) + ms);
  }
  const requests = options.requests ?? 0;
  const perRequest =
    requests > 0
      ? {
          requests,
          busy_us_per_request: Math.round((busyMs / requests) * 1000),
          by_stage_us_per_request: [...stages]
            .sort((a, b) => b[1] - a[1])
            .filter(([, ms]) => (ms / requests) * 1000 >= 5)
            .map(([name, ms]) => `${Math.round((ms / requests) * 1000)} µs ${name}`),
        }
      : {};

  const share = (ms: number) => `${Math.round((ms / busyMs) * 1000) / 10}%`;
  const ranked = (map: Map<string, number>) =>
    [...map]
      .filter(([name]) => name !== '(idle)' && !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${share(ms)} ${Math.round(ms)} ms ${name}`);
  return {
    ...perRequest,
    busy_ms: Math.round(busyMs),
    idle_ms: Math.round(idleMs),
    by_area_self: ranked(byArea),
    by_function_self: ranked(bySelf),
    watched_total: [...watched]
      .filter(([, ms]) => ms > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([name, ms]) => `${share(ms)} ${Math.round(ms)} ms ${name}`),
  };
}
