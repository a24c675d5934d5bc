import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createApiMetrics } from '../../apps/api/src/platform/api-metrics.js';
import { createWorkerMetrics } from '../../apps/worker/src/worker-metrics.js';

const dashboard = JSON.parse(readFileSync(new URL('../../deploy/grafana/herald-dashboard.json', import.meta.url), 'utf8'));

/** Herald's own metric names a registry exposes (histograms under their base name). */
function heraldNames(names: string[]): Set<string> {
  return new Set(names.filter((name) => name.startsWith('herald_')));
}

describe('the Grafana dashboard', () => {
  const queried = new Set<string>(
    dashboard.panels
      .flatMap((panel: any) => panel.targets.map((target: any) => target.expr as string))
      .flatMap((expr: string) => expr.match(/herald_\w+/g) ?? [])
      .map((name: string) => name.replace(/_(bucket|sum|count)$/, '')),
  );
  const served = heraldNames([
    ...createApiMetrics([])
      .getMetricsAsArray()
      .map((metric) => metric.name),
    ...createWorkerMetrics()
      .registry.getMetricsAsArray()
      .map((metric) => metric.name),
  ]);

  it('queries only metrics Herald serves, and every one of them', () => {
    expect([...queried].sort()).toEqual([...served].sort());
  });

  it('takes its Prometheus data source as an import input', () => {
    expect(dashboard.__inputs[0]).toMatchObject({ name: 'DS_PROMETHEUS', pluginId: 'prometheus' });
    for (const panel of dashboard.panels) expect(panel.datasource.uid).toBe('${DS_PROMETHEUS}');
  });
});
