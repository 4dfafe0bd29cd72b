import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_NODE_FLAGS, APP_OLD_SPACE_MB, appNodeFlags, repoRoot, SYSTEM_APPS } from '../src';

// The apps run with the same V8 memory settings wherever they run: locally, under the tests and the
// benchmark (@shop/local-system), under `nx serve`, in the image and in the chart.
describe('the apps’ Node flags', () => {
  it('are the image’s ENTRYPOINT flags', () => {
    const dockerfile = readFileSync(join(repoRoot(), 'Dockerfile'), 'utf8');
    const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    const flags = entrypoint.slice(1, entrypoint.indexOf('main.cjs'));
    expect(flags).toEqual([...APP_NODE_FLAGS]);
  });

  it('cap each app’s old space as the chart does', () => {
    const values = parse(readFileSync(join(repoRoot(), 'deploy', 'helm', 'shop', 'values.yaml'), 'utf8')) as {
      apps: Record<string, { env: Record<string, string> }>;
    };
    expect(Object.keys(APP_OLD_SPACE_MB).sort()).toEqual(Object.keys(values.apps).sort());
    for (const [app, megabytes] of Object.entries(APP_OLD_SPACE_MB)) {
      expect(values.apps[app]!.env['NODE_OPTIONS'], app).toBe(`--max-old-space-size=${megabytes}`);
    }
  });

  it('are what `nx serve <app>` runs each app with', () => {
    for (const app of SYSTEM_APPS) {
      const project = JSON.parse(readFileSync(join(repoRoot(), 'apps', app, 'project.json'), 'utf8')) as {
        targets: { serve: { options: { runtimeArgs?: string[] } } };
      };
      expect(project.targets.serve.options.runtimeArgs, app).toEqual(appNodeFlags(app));
    }
  });
});
