// Summarises a V8 CPU profile of the server (`pnpm bench:queue -- --profile`, `pnpm bench:intake --
// --profile`): where its time went once it answered the first request (the function a request
// starts in is named: a first page's by default), by kind of code (self time) and by the functions a
// request passes through (total time, callees included), as shares of the time the server was not idle.
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
  'queueLimitsOf',
  'listMatters',
  'listView',
  'viewQuery',
  'describeRows',
  'withholdCriminalHistory',
  'writeAudit',
  'appendAuditRow',
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

export function summariseProfile(
  dir: string,
  top = 25,
  options: { firstRequest?: string; watch?: readonly string[] } = {},
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
  let elapsed = 0;
  const hits = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    if (i <= first) continue;
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

  const share = (ms: number) => `${Math.round((ms / busyMs) * 1000) / 10}%`;
  const ranked = (map: Map<string, number>) =>
    [...map]
      .filter(([name]) => name !== '(idle)' && !name.startsWith('(idle)'))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, ms]) => `${share(ms)} ${Math.round(ms)} ms ${name}`);
  return {
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
