import { describe, expect, it } from 'vitest';
import { loadDashboards } from './support/dashboards';
import { renderChart } from './support/rules';

describe('the chart', () => {
  it('ships every dashboard as a ConfigMap for the Grafana sidecar, as the JSON in deploy/grafana', async () => {
    const objects = await renderChart({ set: ['monitoring.grafanaDashboards.enabled=true'] });
    const maps = objects.filter((o) => o['kind'] === 'ConfigMap' && o['metadata'].labels?.['grafana_dashboard'] === '1');
    const shipped = maps.flatMap((map) => Object.entries(map['data'] as Record<string, string>)).map(([file, json]) => [file, JSON.parse(json)]);
    const sources = loadDashboards();
    expect(shipped.map(([file]) => file).sort()).toEqual(sources.map(({ file }) => `shop-${file}`).sort());
    for (const { file, dashboard } of sources) expect(Object.fromEntries(shipped)[`shop-${file}`]).toEqual(dashboard);
    const uids = sources.map(({ dashboard }) => (dashboard as unknown as { uid: string }).uid);
    expect(new Set(uids).size).toBe(uids.length);
    // Off by default: without the sidecar there is nothing to read them.
    expect((await renderChart()).some((o) => o['kind'] === 'ConfigMap' && o['metadata'].labels?.['grafana_dashboard'])).toBe(false);
  });

  it('keeps diagnostics closed over the network with Istio: the admin port admits only GET /metrics (from the monitoring namespace), /healthz, /readyz', async () => {
    const objects = await renderChart({ valuesFiles: ['istio.yaml'] });
    const configMaps = objects.filter((o) => o['kind'] === 'ConfigMap' && o['data']?.['ADMIN_PORT']);
    expect(configMaps.length).toBe(5);
    for (const map of configMaps) expect(map['data']['DIAGNOSTICS_ENABLED']).toBe('true');
    const adminPort = configMaps[0]!['data']['ADMIN_PORT'] as string;
    const policies = objects.filter((o) => o['kind'] === 'AuthorizationPolicy');
    expect(policies.length).toBeGreaterThanOrEqual(5);
    for (const policy of policies) {
      for (const rule of policy['spec'].rules ?? []) {
        for (const to of rule.to ?? []) {
          if (!(to.operation.ports ?? []).includes(adminPort)) continue;
          const paths = to.operation.paths as string[];
          expect(paths, `${policy['metadata'].name}`).toEqual(rule.from ? ['/metrics'] : ['/healthz', '/readyz']);
          if (rule.from) expect(rule.from).toEqual([{ source: { namespaces: ['monitoring'] } }]);
          expect(to.operation.methods).toEqual(['GET']);
        }
      }
    }
    // The token comes from a Secret, never from a literal.
    const deployments = objects.filter((o) => o['kind'] === 'Deployment' && o['spec'].template.spec.containers[0].env);
    expect(deployments.length).toBeGreaterThanOrEqual(5);
    for (const deployment of deployments) {
      const token = (deployment['spec'].template.spec.containers[0].env as Array<{ name: string; valueFrom?: unknown; value?: unknown }>).find((e) => e.name === 'DIAGNOSTICS_TOKEN');
      expect(token?.valueFrom, deployment['metadata'].name).toEqual({ secretKeyRef: { name: 'shop-diagnostics', key: 'token' } });
    }
  });
});
