/**
 * The verification page's stylesheet: system fonts, relative units so the
 * page reflows at 200% zoom, text contrast of at least 7:1, a visible focus
 * ring, and verdicts told by word and icon as well as colour.
 */
export const VERIFY_PAGE_CSS = `
:root {
  --ink: #1a1a1a;
  --muted: #3d3d3d;
  --paper: #ffffff;
  --band: #f3f4f6;
  --rule: #6b6b6b;
  --accent: #0b4f8a;
  --valid: #0a5c2b;
  --valid-bg: #e8f5ec;
  --invalid: #9b1116;
  --invalid-bg: #fdecec;
  --unknown: #6b4200;
  --unknown-bg: #fff5e0;
  --focus: #ffbf47;
}
* { box-sizing: border-box; }
html { font-size: 100%; }
body {
  margin: 0;
  color: var(--ink);
  background: var(--paper);
  font-family: system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", "Yu Gothic UI", Meiryo, sans-serif;
  line-height: 1.7;
}
.skip-link { position: absolute; left: -100vw; top: 0; padding: 0.5rem 1rem; background: var(--paper); color: var(--accent); }
.skip-link:focus { left: 0.5rem; z-index: 1; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; box-shadow: 0 0 0 5px var(--ink); }
.site-header { background: var(--accent); color: #ffffff; }
.site-header__inner, main, .site-footer { max-width: 48rem; margin: 0 auto; padding: 0 1rem; }
.site-header__inner { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem; padding-top: 0.5rem; padding-bottom: 0.5rem; }
.site-header__issuer { margin: 0; font-weight: 700; font-size: 1.125rem; }
.language-toggle { font: inherit; color: var(--accent); background: #ffffff; border: 2px solid #ffffff; border-radius: 0.25rem; padding: 0.25rem 0.875rem; cursor: pointer; }
h1 { font-size: 1.75rem; line-height: 1.4; margin: 1.5rem 0 0.75rem; }
h2 { font-size: 1.375rem; margin: 0 0 0.75rem; }
fieldset { border: 1px solid var(--rule); border-radius: 0.375rem; margin: 0 0 1rem; padding: 0.75rem 1rem 1rem; min-width: 0; }
legend { font-weight: 700; padding: 0 0.25rem; }
.field { margin: 0.5rem 0; }
label { display: block; font-weight: 600; }
input[type="file"] { font: inherit; max-width: 100%; }
textarea { display: block; width: 100%; font: 0.9375rem/1.5 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; color: var(--ink); border: 1px solid var(--rule); border-radius: 0.25rem; padding: 0.5rem; }
.help { color: var(--muted); font-size: 0.9375rem; margin: 0.25rem 0 0; }
.form-error { color: var(--invalid); background: var(--invalid-bg); border-left: 0.375rem solid var(--invalid); padding: 0.5rem 0.75rem; font-weight: 600; }
.verify-button { font: inherit; font-weight: 700; font-size: 1.125rem; color: #ffffff; background: var(--accent); border: 2px solid var(--accent); border-radius: 0.375rem; padding: 0.5rem 2rem; cursor: pointer; }
.verify-button[disabled] { opacity: 0.7; cursor: progress; }
.result { margin: 2rem 0; padding: 1rem; border: 1px solid var(--rule); border-radius: 0.375rem; background: var(--band); }
.result__placeholder { color: var(--muted); margin: 0; }
.verdict { display: flex; align-items: flex-start; gap: 0.75rem; padding: 0.75rem 1rem; border: 3px solid currentColor; border-radius: 0.375rem; background: var(--paper); }
.verdict__icon { flex: none; font-size: 2rem; line-height: 1; font-weight: 700; width: 2.5rem; height: 2.5rem; display: inline-flex; align-items: center; justify-content: center; border: 3px solid currentColor; border-radius: 50%; }
.verdict__word { display: block; font-size: 1.75rem; font-weight: 700; line-height: 1.3; }
.verdict__reason { display: block; font-weight: 600; }
.verdict--valid { color: var(--valid); background: var(--valid-bg); }
.verdict--invalid { color: var(--invalid); background: var(--invalid-bg); border-style: double; border-width: 5px; }
.verdict--unknown { color: var(--unknown); background: var(--unknown-bg); border-style: dashed; }
.facts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.25rem 1rem; margin: 1rem 0; }
.facts dt { font-weight: 700; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.checks { list-style: none; padding: 0; margin: 0.5rem 0 0; }
.checks li { display: flex; flex-wrap: wrap; gap: 0.25rem 0.75rem; padding: 0.5rem 0; border-top: 1px solid var(--rule); }
.check__result { font-weight: 700; min-width: 6rem; }
.check__result--passed { color: var(--valid); }
.check__result--failed { color: var(--invalid); }
.check__result--other { color: var(--unknown); }
.check__name { font-weight: 600; }
.check__detail { flex-basis: 100%; color: var(--muted); overflow-wrap: anywhere; }
.site-footer { color: var(--muted); font-size: 0.9375rem; padding-bottom: 2rem; }
@media (max-width: 30rem) { .facts { grid-template-columns: 1fr; } .facts dd { margin-bottom: 0.5rem; } }
@media (prefers-reduced-motion: no-preference) { .verify-button, .language-toggle { transition: background-color 0.15s; } }
`;
