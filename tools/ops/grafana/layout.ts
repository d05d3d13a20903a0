// Places panels on Grafana's 24-column grid: rows span the width and start a new line, panels
// flow left to right and wrap. Ids are assigned in order, so they are stable for a given input.
import type { GridPos, LayoutItem, Panel } from './model.js';

const GRID_WIDTH = 24;

export function layout(items: readonly LayoutItem[]): Panel[] {
  const panels: Panel[] = [];
  let x = 0;
  let y = 0;
  let lineHeight = 0;
  const newLine = () => {
    y += lineHeight;
    x = 0;
    lineHeight = 0;
  };
  for (const [index, item] of items.entries()) {
    const id = index + 1;
    if (item.type === 'row') {
      newLine();
      panels.push({ id, type: 'row', title: item.title, collapsed: false, panels: [], gridPos: { h: 1, w: GRID_WIDTH, x: 0, y } });
      y += 1;
      continue;
    }
    if (x + item.width > GRID_WIDTH) newLine();
    const gridPos: GridPos = { h: item.height, w: item.width, x, y };
    const { width: _width, height: _height, ...panel } = item;
    panels.push({ ...panel, id, gridPos, datasource: item.targets[0]?.datasource });
    x += item.width;
    lineHeight = Math.max(lineHeight, item.height);
  }
  return panels;
}
