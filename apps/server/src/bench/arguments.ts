// Command-line arguments the benchmarks share.

/** `name N` from the command line, a whole number from min to max; `fallback` when not given. */
export function wholeNumberArgument(name: string, fallback: number, min: number, max: number): number {
  const i = process.argv.indexOf(name);
  if (i === -1) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} takes a whole number from ${min} to ${max}.`);
  return n;
}

/** Each `--node-flag <flag>` (`--node-flag --max-semi-space-size=64`): flags for the server's node. */
export function nodeFlagArguments(): string[] {
  return process.argv.flatMap((arg, i) =>
    process.argv[i - 1] === '--node-flag' && arg.startsWith('--') ? [arg] : [],
  );
}
