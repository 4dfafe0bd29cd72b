// Part 2: a product read at the edge. Baselines in the same run: GetProduct straight to inventory
// over gRPC, and a bare Express 5 → grpc-js hop answering from memory (the edge's yardstick); then
// the gateway (its own process, against the running system's services) with each telemetry setting.
// Every row is driven in interleaved turns and reports the CPU per request of the edge process (the
// gateway, or Express) and of the one it calls (inventory, or the bare server).
import { freePort, singleClientEnv, type RunningSystem } from '@shop/local-system';
import { createClient, shopProtos } from '@shop/rpc';
import { appEnv, driveInterleaved, settings, summarize, type Subject } from './closed-loop';
import { errorNotes } from './hop';
import { processFigures, startBundle, startServer } from './processes';
import type { Row } from './report';

const PART = 'edge: product read';
export const SKU = 'BOK-001';

export interface EdgeContext {
  system: RunningSystem;
  gatewayBundle: string;
  redisUrl: string;
  jwtKeyDir: string;
  /** The environment that sends traces to the run's OTLP sink (the ratio is added per row). */
  tracing: Record<string, string>;
}

/** Everything a gateway needs to run beside the system's own one, against its services. */
export async function gatewayEnv(context: EdgeContext, env: Record<string, string>): Promise<{ env: Record<string, string>; adminPort: number; url: string }> {
  const [port, adminPort] = [await freePort(), await freePort()];
  const grpc = (app: 'user' | 'inventory' | 'order') => context.system.apps[app].grpcAddress;
  return {
    adminPort,
    url: `http://127.0.0.1:${port}`,
    env: {
      HOST: '127.0.0.1',
      PORT: String(port),
      ADMIN_PORT: String(adminPort),
      REDIS_URL: context.redisUrl,
      JWT_KEY_DIR: context.jwtKeyDir,
      USER_ADDR: grpc('user'),
      INVENTORY_ADDR: grpc('inventory'),
      ORDER_ADDR: grpc('order'),
      ...singleClientEnv(appEnv).gateway,
      ...env,
    },
  };
}

/** A GET that throws on a status other than `expected`, so that errors never pass for answers. */
export function getter(url: string, expected = 200): () => Promise<void> {
  return async () => {
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status !== expected) throw new Error(`HTTP ${response.status}`);
  };
}

/** Redis commands the gateway sends per product read (its own metrics; readiness pings left out), over reads one at a time. */
async function redisCommandsPer(read: () => Promise<void>, adminPort: number, reads = 20): Promise<number> {
  const sent = async () => {
    const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
    let total = 0;
    for (const match of text.matchAll(/^redis_command_duration_seconds_count\{([^}]*)\} (\d+)/gm)) {
      if (!/command="ping"/.test(match[1]!)) total += Number(match[2]);
    }
    return total;
  };
  const before = await sent();
  for (let i = 0; i < reads; i++) await read();
  return ((await sent()) - before) / reads;
}

/**
 * The gateway's bundle, and the one to compare it with when BENCH_EDGE_COMPARE names another build
 * (its main.cjs) or BENCH_EDGE_COMPARE_ENV a setting (`NAME=value,…`): every gateway row is then
 * also driven from that build or with that setting, in the same turns, a same-run A/B of a change.
 */
function gatewayBuilds(bundle: string): Array<[string, Record<string, string>, string]> {
  const compare = process.env['BENCH_EDGE_COMPARE'];
  const compareEnv = process.env['BENCH_EDGE_COMPARE_ENV'];
  if (!compare && !compareEnv) return [[bundle, {}, '']];
  const env = Object.fromEntries((compareEnv ?? '').split(',').filter(Boolean).map((pair) => pair.split('=', 2) as [string, string]));
  return [
    [bundle, {}, ''],
    [compare ?? bundle, env, ` [B: ${[compare, compareEnv].filter(Boolean).join(' ')}]`],
  ];
}

/** One row of the part: its request, the edge process (the gateway, or Express for the yardstick) and what it calls. */
interface EdgeSubject extends Subject {
  name: string;
  /** The gateway's admin port, for its Redis commands per request. */
  adminPort?: number;
}

export async function edgeRows(context: EdgeContext): Promise<Row[]> {
  const off = { LOG_LEVEL: 'warn', OTEL_SDK_DISABLED: 'true' };
  const traced = (ratio: string) => ({ LOG_LEVEL: 'info', ...context.tracing, OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: ratio });
  const variants: Array<[string, Record<string, string>]> = [
    ['gateway, telemetry off (LOG_LEVEL=warn, OTEL_SDK_DISABLED=true)', off],
    ['gateway, access log at info, no trace exporter', { LOG_LEVEL: 'info' }],
    ['gateway, access log + tracing 10% to OTLP', traced('0.1')],
    ['gateway, access log + tracing 100% to OTLP', traced('1')],
  ];
  const inventoryPid = context.system.apps.inventory.process.pid;
  const inventoryCpu = () => processFigures(inventoryPid).cpuSeconds;

  // Every process is up for the whole part and the rows are driven in interleaved turns, as the hop
  // rows are, so that a machine whose load changes weighs on every row alike.
  const stops: Array<() => Promise<void>> = [];
  const inventory = createClient(shopProtos().grpcObject.shop.inventory.v1.InventoryService.service, {
    target: context.system.apps.inventory.grpcAddress,
  });
  stops.push(async () => inventory.close());
  try {
    const memory = await startServer('inventory-bare');
    stops.push(memory.stop);
    const express = await startServer('edge-bare', { TARGET: `127.0.0.1:${memory.port}` });
    stops.push(express.stop);
    const subjects: EdgeSubject[] = [
      {
        name: 'GetProduct straight to inventory over gRPC (cache hit)',
        call: () => inventory.getProduct({ sku: SKU }),
        processCpuSeconds: { downstreamCpuUs: inventoryCpu },
      },
      {
        name: 'bare Express 5 → grpc-js hop answering from memory (yardstick)',
        call: getter(`http://127.0.0.1:${express.port}/api/v1/products/${SKU}`),
        processCpuSeconds: { edgeCpuUs: () => express.cpuSeconds(), downstreamCpuUs: () => memory.cpuSeconds() },
      },
    ];
    for (const [name, env] of variants) {
      for (const [bundle, extraEnv, suffix] of gatewayBuilds(context.gatewayBundle)) {
        const gateway = await gatewayEnv(context, { ...env, ...extraEnv });
        const running = await startBundle(bundle, gateway.env, gateway.adminPort);
        stops.push(running.stop);
        subjects.push({
          name: `${name}${suffix}`,
          call: getter(`${gateway.url}/api/v1/products/${SKU}`),
          processCpuSeconds: { edgeCpuUs: () => running.cpuSeconds(), downstreamCpuUs: inventoryCpu },
          adminPort: gateway.adminPort,
        });
      }
    }

    const measured = await driveInterleaved(subjects);
    const rows: Row[] = [];
    for (const [index, subject] of subjects.entries()) {
      const { latencies, errors, processCpuUs } = measured[index]!;
      const row: Row = { part: PART, name: subject.name, figures: { ...summarize(latencies, settings.seconds), ...processCpuUs }, ...errorNotes(errors) };
      if (subject.adminPort !== undefined) row.figures['redisPerRequest'] = await redisCommandsPer(subject.call as () => Promise<void>, subject.adminPort);
      rows.push(row);
    }
    const yardstick = rows[1]!.figures['rate']!;
    const telemetryOff = rows[2]!.figures['rate']!;
    rows.forEach((row, index) => {
      row.figures['vsExpressHop'] = row.figures['rate']! / yardstick;
      if (index >= 2) row.figures['vsTelemetryOff'] = row.figures['rate']! / telemetryOff;
    });
    return rows;
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}
