import { inheritedEnv, repoRoot, startProcess } from '@shop/local-system';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a built command-line tool (`node <script> ...args`) to its end, as a user would. */
export async function runNodeScript(script: string, args: string[], env: Record<string, string> = {}): Promise<CommandResult> {
  const child = startProcess({ name: script.split('/').at(-2) ?? script, command: process.execPath, args: [script, ...args], env: { ...inheritedEnv(), ...env } });
  const exit = await child.exited;
  const text = (stream: string) => child.lines.filter((line) => line.stream === stream).map((line) => line.text).join('\n');
  return { code: exit.code, stdout: text('stdout'), stderr: text('stderr') };
}

export interface ToolJsonResult<T> {
  code: number | null;
  /** The tool's stdout parsed as JSON. */
  json: T;
  /** Everything it printed, for assertion messages. */
  output: string;
}

/**
 * Runs a tool from its TypeScript source (`tools/<name>/src/main.ts ...args`, from the repository's
 * root) to its end and parses what it printed on stdout as JSON; a tool that printed none fails
 * with its whole output. The exit code is answered, not asserted: a failing run's JSON says why.
 */
export async function runToolJson<T>(args: [script: string, ...rest: string[]]): Promise<ToolJsonResult<T>> {
  const child = startProcess({
    name: args[0].split('/').at(-3) ?? args[0],
    command: process.execPath,
    args: ['--import', 'tsx', ...args],
    cwd: repoRoot(),
    env: { ...inheritedEnv(), TSX_TSCONFIG_PATH: 'tsconfig.base.json' },
  });
  const exit = await child.exited;
  const stdout = child.lines.filter((line) => line.stream === 'stdout').map((line) => line.text).join('\n');
  try {
    return { code: exit.code, json: JSON.parse(stdout) as T, output: child.output() };
  } catch {
    throw new Error(`${args.join(' ')} printed no JSON (exit ${exit.code}):\n${child.output()}`);
  }
}
