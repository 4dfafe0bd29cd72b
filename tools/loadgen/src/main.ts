import { parseOptions, UsageError, USAGE } from './options';
import { textReport } from './report';
import { runLoad } from './runner';

/** Runs the CLI; answers the exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  let options;
  try {
    options = parseOptions(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`loadgen: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  // SIGTERM (a Job's end, a drill that is over) ends the run early and still reports it.
  const stop = new AbortController();
  process.once('SIGTERM', () => stop.abort());
  let result;
  try {
    result = await runLoad({ ...options, stop: stop.signal }, (line) => process.stderr.write(`loadgen: ${line}\n`));
  } catch (error) {
    process.stderr.write(`loadgen: ${(error as Error).message}\n`);
    return 2;
  }
  const { summary } = result;
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : textReport(summary));
  if (summary.journeys === 0) {
    process.stderr.write('loadgen: no journey succeeded\n');
    return 1;
  }
  if (summary.errorRatio > options.maxErrorRatio) {
    process.stderr.write(`loadgen: ${(summary.errorRatio * 100).toFixed(2)}% of requests failed, more than --max-error-ratio ${options.maxErrorRatio}\n`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2), process.env).then((code) => {
  process.exitCode = code;
});
