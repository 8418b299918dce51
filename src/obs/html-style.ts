// The HTML report's stylesheet, inlined into the file. Rule: no web fonts, no imports,
// no url(): the report must open with the network off.
export const HTML_STYLE = `
:root { color-scheme: light; --ink: #1d2330; --muted: #5b6475; --line: #c9cfdb; --delivered: #3465a4; --lost: #c0392b; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0 auto; padding: 16px 24px 48px; max-width: 1400px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
.summary, .hint { color: var(--muted); margin: 4px 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #e4e7ee; vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; }
a { color: #1f5fbf; }
.verdict { padding: 1px 8px; border-radius: 4px; color: #fff; }
.verdict-pass { background: #2e7d32; }
.verdict-fail { background: #c62828; }
.violations li { margin: 4px 0; }
.toolbar { display: flex; gap: 8px; align-items: center; margin: 6px 0; }
.toolbar button { font: inherit; padding: 2px 10px; border: 1px solid var(--line); background: #f5f7fb; border-radius: 4px; cursor: pointer; }
#diagram-range { color: var(--muted); }
#diagram { width: 100%; height: 640px; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: grab; user-select: none; }
.lane { stroke: #7a8599; stroke-width: 1.5; }
.lane-label { font-weight: 600; font-size: 12px; fill: var(--ink); }
.lane-service { font-size: 11px; fill: var(--muted); }
.tick { stroke: #eef0f5; }
.tick-label { font-size: 10px; fill: var(--muted); }
.message { stroke-width: 1.2; }
.message.delivered { stroke: var(--delivered); }
.arrowhead { fill: var(--delivered); }
.message.lost-partition, .message.lost-loss, .message.lost-node-down { stroke: var(--lost); stroke-dasharray: 3 2; }
.message.in-flight { stroke: #999; stroke-dasharray: 2 3; }
.message.highlight { stroke: #f39c12; stroke-width: 3; }
.drop-mark { fill: var(--lost); font-size: 14px; font-weight: 700; }
.highlight-time { stroke: #f39c12; stroke-width: 2; stroke-dasharray: 6 3; }
.period { fill-opacity: 0.16; }
.period-partition { fill: #c0392b; }
.period-crash { fill: #6d1a1a; fill-opacity: 0.35; }
.period-pause { fill: #e67e22; fill-opacity: 0.3; }
.period-loss-burst { fill: #d4ac0d; }
.period-declared { fill: #7d3c98; fill-opacity: 0.12; }
.pattern-mark { stroke-width: 1.5; }
.pattern-breaker-opened { stroke: #c0392b; }
.pattern-breaker-half-opened { stroke: #e67e22; stroke-dasharray: 3 2; }
.pattern-breaker-closed { stroke: #2e7d32; stroke-dasharray: 3 2; }
.pattern-retry-budget-exhausted { stroke: #8e44ad; stroke-dasharray: 1 2; }
.key-breaker-opened { color: #c0392b; }
.legend { display: flex; flex-wrap: wrap; gap: 12px; margin: 4px 0; font-size: 12px; color: var(--muted); }
.key::before, .legend-item::before { content: ""; display: inline-block; width: 14px; height: 4px; margin-right: 5px; vertical-align: middle; background: currentColor; }
.key-delivered { color: var(--delivered); }
.key-lost { color: var(--lost); }
.key-in-flight { color: #999; }
.key-partition { color: rgba(192, 57, 43, 0.4); }
.key-crash { color: rgba(109, 26, 26, 0.6); }
.key-pause { color: rgba(230, 126, 34, 0.6); }
.key-declared { color: rgba(125, 60, 152, 0.4); }
#charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 16px; }
.chart { margin: 0; border: 1px solid #e4e7ee; border-radius: 4px; padding: 8px; }
.chart figcaption { font-size: 13px; font-weight: 600; margin-bottom: 4px; }
.chart-plot { width: 100%; height: auto; cursor: crosshair; }
.axis { stroke: #9aa3b5; }
.series { fill: none; stroke-width: 1.6; stroke: currentColor; }
.color-0 { color: #3465a4; } .color-1 { color: #c0392b; } .color-2 { color: #2e7d32; } .color-3 { color: #8e44ad; }
.color-4 { color: #d35400; } .color-5 { color: #16a085; } .color-6 { color: #7f8c8d; } .color-7 { color: #b7950b; }
.log-box { max-height: 420px; overflow: auto; border: 1px solid #e4e7ee; }
.log-warn td { background: #fff8e6; }
.log-error td { background: #fdecea; }
`;
