import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DASHBOARDS_DIR = join(__dirname, '..', '..', '..', 'grafana', 'dashboards');

export interface PanelQuery {
  dashboard: string;
  panel: string;
  expr: string;
}

interface Panel {
  type: string;
  title: string;
  targets?: Array<{ expr: string }>;
  panels?: Panel[];
}

interface Dashboard {
  title: string;
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query?: { query: string } }> };
}

export function loadDashboards(): Array<{ file: string; dashboard: Dashboard }> {
  return readdirSync(DASHBOARDS_DIR)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(DASHBOARDS_DIR, file), 'utf8')) as Dashboard }));
}

/** Every query of every panel (rows' nested panels included). */
export function panelQueries(): PanelQuery[] {
  const out: PanelQuery[] = [];
  const visit = (dashboard: string, panels: Panel[]) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) out.push({ dashboard, panel: panel.title, expr: target.expr });
      visit(dashboard, panel.panels ?? []);
    }
  };
  for (const { dashboard } of loadDashboards()) visit(dashboard.title, dashboard.panels);
  return out;
}

/** The variables' query definitions (label_values(metric{...}, label)). */
export function variableQueries(): Array<{ dashboard: string; name: string; query: string }> {
  return loadDashboards().flatMap(({ dashboard }) =>
    dashboard.templating.list
      .filter((variable) => variable.type === 'query')
      .map((variable) => ({ dashboard: dashboard.title, name: variable.name, query: variable.query!.query })),
  );
}

/**
 * What Grafana sends for a query with every variable at "All" (allValue `.*`) and a rate interval of
 * `rateInterval` (Grafana's $__rate_interval is at least four scrape intervals).
 */
export function expand(expr: string, rateInterval: string): string {
  return expr
    .replaceAll('$__rate_interval', rateInterval)
    .replaceAll('$__interval', rateInterval)
    .replace(/\$(namespace|service|version)\b/g, '.*');
}
