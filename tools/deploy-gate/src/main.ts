import { runCli, runServe } from './cli';

const [command, ...rest] = process.argv.slice(2);
const run = command === 'serve' ? runServe(rest) : runCli(process.argv.slice(2));
run.then((code) => {
  process.exitCode = code;
});
