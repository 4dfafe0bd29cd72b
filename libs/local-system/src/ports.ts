import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * A TCP port free on 127.0.0.1 right now, for a process the caller is about to start. Chosen at
 * random below the kernel's ephemeral range: a port the OS picked by binding 0 is soon handed to
 * an outgoing connection (every client socket takes one from that range), and the process meant
 * to listen on it then fails with EADDRINUSE. Below the range only another listener can take it.
 */
export async function freePort(): Promise<number> {
  const ceiling = ephemeralRangeStart() - 1;
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = FLOOR + Math.floor(Math.random() * (ceiling - FLOOR + 1));
    if (handedOut.has(port)) continue;
    if (await isFree(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port found between ${FLOOR} and ${ceiling} on 127.0.0.1`);
}

const FLOOR = 20_000;
/** Ports this process has already handed out: never twice, even once their listener has gone. */
const handedOut = new Set<number>();

/** The first port the kernel gives to outgoing connections (Linux's default when it cannot be read). */
function ephemeralRangeStart(): number {
  try {
    const start = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(start) && start > FLOOR + 1000 ? start : 32_768;
  } catch {
    return 32_768;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
