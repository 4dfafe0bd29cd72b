import type { RedisCommandMetrics, RedisOutcome } from '@shop/metrics';
import { Command, type Redis } from 'ioredis';
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
 * own) in `metrics`, from the first send to its reply, error or timeout, and traces it (a client span
 * under the caller's, see ./tracing). Commands refused at once
 * because the connection is down count as errors: that is what the caller saw.
 *
 * ioredis routes every command through the instance's `sendCommand`; wrapping it on this instance
 * leaves other clients alone. A command
 * resent after a reconnect passes through again and is timed once, from its first send.
 * The connection's own set-up (HELLO, AUTH, SELECT, CLIENT SETINFO, the INFO ready check) is left
 * out: it is the client's business, and CLIENT SETINFO fails on every connect to a Redis before 7.2.
 */
export function meterCommands(client: Redis, metrics: RedisCommandMetrics): void {
  const send = client.sendCommand;
  client.sendCommand = function sendMetered(this: Redis, command: MeteredCommand, stream) {
    const setUp = this.condition?.handshake === true && Command.checkFlag('HANDSHAKE_COMMANDS', command.name);
    if (!setUp && command[metered] === undefined) {
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
    }
    return send.call(this, command, stream);
  };
}
