import { FlagdProvider } from '@openfeature/flagd-provider';
import { OpenFeature, ProviderEvents, type Client, type EvaluationDetails } from '@openfeature/server-sdk';
import { trace } from '@opentelemetry/api';
import type { Logger } from '@shop/logging';
import { Counter, gaugeFromCallback, type Registry } from '@shop/metrics';
import { z } from 'zod';

/*
 * Run-time flags: fault injection for demos and resilience drills, and the operational settings an
 * operator tunes without a restart (rate limits, breaker thresholds, budgets). OpenFeature's server
 * SDK with the flagd provider in in-process file mode: it reads a flags JSON (flagd's format; in
 * Kubernetes a ConfigMap) and watches it for changes — no flagd server. Every value is validated
 * on every change: a bad one is refused with a log line and the last good value stays in force.
 * Reads are synchronous (hot paths call `get`): the values are re-evaluated when the file changes.
 */

export interface Flag<T extends number | boolean | string> {
  key: string;
  /** In force when the file does not set the flag (faults: off). */
  defaultValue: T;
  /** What a value must satisfy to be taken. */
  schema: z.ZodType<T>;
  description: string;
}

export function defineFlag<T extends number | boolean | string>(flag: Flag<T>): Flag<T> {
  return flag;
}

export interface FlagsOptions {
  /** The flags JSON to read and watch; without one, every flag keeps its default. */
  path?: string | undefined;
  flags: readonly Flag<number | boolean | string>[];
  logger: Logger;
  registry: Registry;
  /**
   * What flagd's targeting rules may test, e.g. `{ service: 'order' }`: one file for the whole
   * system can then set a flag for one app alone (`{ "if": [{ "==": [{ "var": "service" }, "order"] }, "on", "off"] }`).
   */
  context?: Record<string, string>;
}

type Value = number | boolean | string;

export class RuntimeFlags {
  /** The process's flags, once the app has opened them: what the chassis' fault hooks read. */
  static current: RuntimeFlags | undefined;
  private readonly values = new Map<string, Value>();
  private readonly watchers = new Map<string, Array<(value: Value) => void>>();
  private readonly refused: Counter<'flag'>;
  private client: Client | undefined;
  private refreshing: Promise<void> = Promise.resolve();

  private constructor(private readonly options: FlagsOptions) {
    for (const flag of options.flags) this.values.set(flag.key, flag.defaultValue);
    gaugeFromCallback({
      registry: options.registry,
      name: 'feature_flag_value',
      help: 'Value in force of each numeric or boolean run-time flag (booleans as 0 or 1).',
      labelNames: ['flag'],
      collect: () =>
        [...this.values].filter(([, value]) => typeof value !== 'string').map(([flag, value]) => ({ labels: { flag }, value: Number(value) })),
    });
    // A string has no number: the value in force is a label, the way Prometheus' info metrics carry text.
    gaugeFromCallback({
      registry: options.registry,
      name: 'feature_flag_info',
      help: 'Value in force of each string run-time flag, as its value label (always 1).',
      labelNames: ['flag', 'value'],
      collect: () => [...this.values].filter(([, value]) => typeof value === 'string').map(([flag, value]) => ({ labels: { flag, value: String(value) }, value: 1 })),
    });
    this.refused = new Counter({
      name: 'feature_flag_refused_total',
      help: 'Flag values refused as invalid (the last good value stayed in force).',
      labelNames: ['flag'],
      registers: [options.registry],
    });
  }

  static async open(options: FlagsOptions): Promise<RuntimeFlags> {
    const flags = new RuntimeFlags({ ...options, flags: [...options.flags] });
    RuntimeFlags.current = flags;
    if (options.path) {
      await OpenFeature.setProviderAndWait(new FlagdProvider({ resolverType: 'in-process', offlineFlagSourcePath: options.path }));
      flags.client = OpenFeature.getClient();
      OpenFeature.addHandler(ProviderEvents.ConfigurationChanged, () => void flags.refresh());
      await flags.refresh();
      options.logger.info({ path: options.path, flags: Object.fromEntries(flags.values) }, 'run-time flags loaded');
    }
    return flags;
  }

  /** Adds an app's own flags to the chassis' (one set per process), evaluated from the file at once. */
  async define(flags: readonly Flag<Value>[]): Promise<void> {
    for (const flag of flags) {
      if (this.values.has(flag.key)) throw new Error(`flag ${flag.key} is defined twice`);
      this.values.set(flag.key, flag.defaultValue);
      (this.options.flags as Flag<Value>[]).push(flag);
      await this.evaluate(flag);
    }
  }

  /** The value in force (the last good one). */
  get<T extends Value>(flag: Flag<T>): T {
    return (this.values.get(flag.key) ?? flag.defaultValue) as T;
  }

  /** Calls `apply` with the value in force now and with every accepted change (settings held by other objects). */
  watch<T extends Value>(flag: Flag<T>, apply: (value: T) => void): void {
    const list = this.watchers.get(flag.key) ?? [];
    list.push(apply as (value: Value) => void);
    this.watchers.set(flag.key, list);
    apply(this.get(flag));
  }

  /**
   * Marks the active span with a flag that changed what this request does (an injected fault), as
   * OpenTelemetry's feature-flag conventions name it, so a trace shows why it failed or was slow.
   */
  static mark(flag: Flag<Value>, value: Value): void {
    trace.getActiveSpan()?.addEvent('feature_flag.evaluation', { 'feature_flag.key': flag.key, 'feature_flag.result.value': String(value) });
  }

  /** Waits for the evaluation a file change started (for tests and shutdown). */
  settled(): Promise<void> {
    return this.refreshing;
  }

  async close(): Promise<void> {
    if (RuntimeFlags.current === this) RuntimeFlags.current = undefined;
    await OpenFeature.close();
  }

  private refresh(): Promise<void> {
    this.refreshing = this.refreshing.then(async () => {
      for (const flag of this.options.flags) await this.evaluate(flag);
    });
    return this.refreshing;
  }

  private async evaluate(flag: Flag<Value>): Promise<void> {
    const client = this.client;
    if (!client) return;
    const details: EvaluationDetails<Value> = await evaluateTyped(client, flag, this.options.context ?? {});
    // Not in the file: the default. Anything else the provider could not resolve keeps the last good value.
    const value = details.errorCode === 'FLAG_NOT_FOUND' ? flag.defaultValue : details.errorCode ? undefined : details.value;
    const parsed = value === undefined ? undefined : flag.schema.safeParse(value);
    if (!parsed?.success) {
      this.refused.inc({ flag: flag.key });
      this.options.logger.warn(
        { flag: flag.key, value: details.value, error: details.errorMessage ?? parsed?.error.issues[0]?.message, kept: this.values.get(flag.key) },
        'flag value refused; the last good value stays in force',
      );
      return;
    }
    const previous = this.values.get(flag.key);
    if (previous !== parsed.data) {
      this.values.set(flag.key, parsed.data);
      this.options.logger.info({ flag: flag.key, value: parsed.data, previous }, 'flag changed');
      for (const apply of this.watchers.get(flag.key) ?? []) apply(parsed.data);
    }
  }
}

/** The provider checks the value's type against the default's: a mismatch is an error, not a cast. */
function evaluateTyped(client: Client, flag: Flag<Value>, context: Record<string, string>): Promise<EvaluationDetails<Value>> {
  const { key, defaultValue } = flag;
  if (typeof defaultValue === 'number') return client.getNumberDetails(key, defaultValue, context);
  if (typeof defaultValue === 'boolean') return client.getBooleanDetails(key, defaultValue, context);
  return client.getStringDetails(key, defaultValue, context);
}

/** The setting that points an app at its flags file (a mounted ConfigMap in Kubernetes); unset: defaults only. */
export const flagsEnv = { FLAGS_FILE: z.string().min(1).optional() };
