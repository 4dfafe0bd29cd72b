import type { RedisCommandMetrics, RedisOutcome } from '@shop/metrics';
import { Command, type ChainableCommander, type Redis } from 'ioredis';
import { commandSpan, endCommandSpan } from './tracing';

const metered = Symbol('shop.redis.metered');
type MeteredCommand = Command & { [metered]?: true };

// ioredis rejects a command that outlives its `commandTimeout` with exactly this message.
const TIMED_OUT = 'Command timed out';

function outcomeOf(error: unknown): RedisOutcome {
  return error instanceof Error && error.message === TIMED_OUT ? 'timeout' : 'error';
}

/**
 * Records every command the client sends (pipelines and transactions included, each command on its
 * own) in `metrics`, from the moment it is issued to its reply, error or timeout, and traces it (a
 * client span under the caller's, see ./tracing). Commands refused at once because the connection is
 * down count as errors: that is what the caller saw.
 *
 * ioredis routes every command through the instance's `sendCommand`; wrapping it on this instance
 * leaves other clients alone. A command queued on a pipeline (an explicit one, or the one
 * auto-pipelining collects in an event-loop turn and sends from a later one, where the active
 * context is whichever caller's queued first) is metered when it is queued, in its own caller's
 * context, so that its span joins its own request's trace. A command resent after a reconnect
 * passes through again and is timed once, from its first issue.
 * The connection's own set-up (HELLO, AUTH, SELECT, CLIENT SETINFO, the INFO ready check) is left
 * out: it is the client's business, and CLIENT SETINFO fails on every connect to a Redis before 7.2.
 */
export function meterCommands(client: Redis, metrics: RedisCommandMetrics): void {
  const meter = (command: MeteredCommand) => {
    command[metered] = true;
    const started = performance.now();
    const span = commandSpan(command.name);
    command.promise.then(
      () => {
        metrics.observe(command.name, 'ok', (performance.now() - started) / 1_000);
        endCommandSpan(span);
      },
      (error: unknown) => {
        metrics.observe(command.name, outcomeOf(error), (performance.now() - started) / 1_000);
        endCommandSpan(span, error);
      },
    );
  };
  const send = client.sendCommand;
  client.sendCommand = function sendMetered(this: Redis, command: MeteredCommand, stream) {
    const setUp = this.condition?.handshake === true && Command.checkFlag('HANDSHAKE_COMMANDS', command.name);
    if (!setUp && command[metered] === undefined) meter(command);
    return send.call(this, command, stream);
  };
  const pipeline = client.pipeline;
  client.pipeline = function pipelineMetered(this: Redis, commands?: unknown[][]) {
    const created = pipeline.call(this, commands) as ChainableCommander & Queue;
    const queue = created.sendCommand;
    created.sendCommand = function queueMetered(this: Queue, command: MeteredCommand) {
      if (command[metered] === undefined) meter(command);
      return queue.call(this, command);
    };
    return created;
  };
}

/** What a pipeline does with each command of a chain: queues it until `exec`. */
interface Queue {
  sendCommand(command: Command): unknown;
}
