import * as vega from 'vega'
import * as vl from 'vega-lite'
import type { BenchResults } from './results.js'

const KIND_COLORS = { domain: ['ours', 'peer', 'baseline'], range: ['#d62728', '#1f77b4', '#7f7f7f'] }

/**
 * The chart of a run, as SVG: tasks per second (log scale) and speedup over series per
 * workload, contestant by contestant, with the ideal speedup (= jobs) drawn in; and the
 * speedup as `jobs` grows, with the ideal line. Vega-Lite compiles the spec, Vega renders
 * it headlessly (no canvas: text is measured by estimate).
 */
export async function renderChart(r: BenchResults): Promise<string> {
  const rows = r.workloads
    .filter((w) => w.kind === 'time' && w.id !== 'scaling')
    .flatMap((w) =>
      // One bar per contestant: the rounds (for the big-data workloads, the same array again; their first calls are in the tables).
      w.entries.filter((e) => e.metric === 'time').map((e) => ({
        workload: w.title,
        contestant: e.label,
        kind: e.kind,
        tasksPerSecond: e.tasksPerSecond,
        speedup: e.speedup?.median ?? null,
        speedupMin: e.speedup?.min ?? null,
        speedupMax: e.speedup?.max ?? null,
        ideal: e.jobs,
      })),
    )
  const scaling = r.workloads.find((w) => w.id === 'scaling')
  const scalingRows = (scaling?.entries ?? [])
    .filter((e) => e.speedup && e.kind !== 'baseline')
    .map((e) => ({ contestant: e.label, kind: e.kind, jobs: e.jobs, speedup: e.speedup!.median }))
  const maxJobs = Math.max(1, ...(scaling?.jobs ?? [1]))
  const order = r.contestants.map((c) => c.label)
  const y = { field: 'contestant', type: 'nominal', sort: order, title: null }
  const color = { field: 'kind', type: 'nominal', scale: KIND_COLORS, title: 'contestant' }

  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'multitask vs peers',
      subtitle: `${r.machine.cpuModel}, ${r.machine.cpuCount} CPUs, Node ${r.machine.node}, ${r.machine.date.slice(0, 10)}${r.settings.quick ? ' (quick run)' : ''}`,
    },
    config: { font: 'sans-serif', view: { stroke: '#ddd' } },
    vconcat: [
      {
        hconcat: [
          {
            data: { values: rows },
            title: 'Throughput (tasks/s, log scale)',
            facet: { row: { field: 'workload', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' } } },
            spec: {
              width: 260,
              mark: 'bar',
              encoding: {
                y,
                x: { field: 'tasksPerSecond', type: 'quantitative', scale: { type: 'log' }, title: 'tasks per second' },
                color,
                tooltip: [{ field: 'tasksPerSecond', format: ',.0f' }],
              },
            },
            resolve: { scale: { y: 'independent' } },
          },
          {
            data: { values: rows.filter((d) => d.speedup !== null) },
            title: 'Speedup over the series loop of the same language (dashed: ideal = jobs)',
            facet: { row: { field: 'workload', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top' } } },
            spec: {
              width: 260,
              layer: [
                { mark: 'bar', encoding: { y, x: { field: 'speedup', type: 'quantitative', title: 'speedup (x)' }, color } },
                { mark: { type: 'rule', color: 'black' }, encoding: { y, x: { field: 'speedupMin', type: 'quantitative' }, x2: { field: 'speedupMax' } } },
                { mark: { type: 'rule', strokeDash: [4, 3], color: 'black' }, encoding: { x: { aggregate: 'max', field: 'ideal', type: 'quantitative' } } },
              ],
            },
            resolve: { scale: { y: 'independent' } },
          },
        ],
      },
      {
        title: `Scaling: speedup as jobs grow (dashed: ideal)`,
        width: 560,
        height: 260,
        layer: [
          {
            data: { values: scalingRows },
            mark: { type: 'line', point: true },
            encoding: {
              x: { field: 'jobs', type: 'quantitative', scale: { domain: [1, maxJobs] }, axis: { tickMinStep: 1 } },
              y: { field: 'speedup', type: 'quantitative', title: 'speedup over series (x)' },
              color: { field: 'contestant', type: 'nominal', sort: order, scale: { scheme: 'category10' } },
            },
          },
          {
            data: { values: [{ jobs: 1, speedup: 1 }, { jobs: maxJobs, speedup: maxJobs }] },
            mark: { type: 'line', strokeDash: [4, 3], color: 'black' },
            encoding: { x: { field: 'jobs', type: 'quantitative' }, y: { field: 'speedup', type: 'quantitative' } },
          },
        ],
      },
    ],
  }
  const compiled = vl.compile(spec as unknown as vl.TopLevelSpec).spec
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' })
  const svg = await view.toSVG()
  view.finalize()
  return svg
}
