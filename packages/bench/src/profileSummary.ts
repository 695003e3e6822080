/*
 * `npm run profile-summary --workspace packages/bench -- <file.cpuprofile>`: where a backend's
 * CPU time went, from a profile written with BENCH_CPU_PROFILE_DIR. Prints self time by
 * package (the node_modules package, or this repository's workspace, or Node's internals) and
 * the functions with the most self time. Only for reading profiles; the bench never runs it.
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `@backstage/backend-defaults`, `plugins/aws-backend`, `node:internal`, or `(program)`. */
function packageOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const workspace = url.match(/\/((?:plugins|packages)\/[^/]+)\//);
  if (workspace) return workspace[1];
  if (url.startsWith('node:')) return 'node';
  return url;
}

function top(map: Map<string, number>, total: number, count: number) {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([name, us]) =>
        `${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000)
          .toFixed(0)
          .padStart(7)} ms  ${name}`,
    );
}

function main() {
  const file = process.argv[2];
  if (!file) {
    throw new Error('usage: profile-summary <file.cpuprofile> [functions]');
  }
  const count = Number(process.argv[3] ?? 30);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const selfByNode = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfByNode.set(
      id,
      (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0),
    );
  });
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfByNode) {
    const { callFrame } = byId.get(id)!;
    total += us;
    const pkg = packageOf(callFrame.url, callFrame.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const fn = `${callFrame.functionName || '(anonymous)'} ${pkg}${
      callFrame.url ? `:${callFrame.lineNumber + 1}` : ''
    }`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const lines = [
    `${file}: ${(total / 1000).toFixed(0)} ms sampled`,
    '',
    'Self time by package:',
    ...top(byPackage, total, count),
    '',
    'Self time by function:',
    ...top(byFunction, total, count),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
