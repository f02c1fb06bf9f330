/** The console's one stylesheet, served from /console/assets/console.css (no inline styles: the CSP forbids them). */
export const CONSOLE_CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --line: #ccc; --accent: #0b5cad; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, "Hiragino Sans", "Noto Sans JP", sans-serif; color: var(--ink); background: var(--bg); line-height: 1.6; }
header { display: flex; justify-content: space-between; align-items: center; padding: 0.75rem 1.5rem; background: #fff; border-bottom: 1px solid var(--line); }
header .title { font-weight: 700; }
main { max-width: 60rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border: 1px solid var(--line); border-radius: 6px; }
h1 { font-size: 1.4rem; margin-top: 0; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5rem 1.5rem; }
dt { color: var(--muted); }
dd { margin: 0; }
button, .button { font: inherit; padding: 0.5rem 1.25rem; border: 1px solid var(--accent); border-radius: 4px; background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; display: inline-block; }
.secondary { background: #fff; color: var(--accent); }
.request-id { font-family: ui-monospace, monospace; }
a { color: var(--accent); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 0.4rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.filters { display: flex; flex-wrap: wrap; gap: 0.75rem 1.25rem; align-items: end; margin-bottom: 1.5rem; }
.filters label { display: flex; flex-direction: column; }
.overdue { color: #a40000; }
.decision { margin: 0 0 1rem; }
.decision label { display: block; margin-bottom: 0.5rem; }
.decision textarea { display: block; width: 100%; font: inherit; }
dd dl { margin: 0; }
.chart { display: block; max-width: 100%; height: auto; margin: 1rem 0; }
.chart text { font-size: 12px; fill: #222; }
.chart .count { font-size: 11px; }
.chart .reached rect, .chart rect.reached { fill: #1f5fa8; }
.chart .errored rect, .chart rect.errored { fill: #c27c00; }
.chart .left rect, .chart rect.left { fill: #a40000; }
`;
