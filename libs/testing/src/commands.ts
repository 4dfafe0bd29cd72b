import { inheritedEnv, startProcess } from '@shop/local-system';

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
