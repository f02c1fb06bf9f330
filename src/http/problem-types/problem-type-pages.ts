import { createHash } from 'node:crypto';
import { problemType } from '../problem.js';
import { html, Markup } from './html.js';
import type { ProblemType } from './problem-type.js';

const PAGE_CSS = [
  'body{font-family:system-ui,"Hiragino Sans","Noto Sans JP",sans-serif;line-height:1.7;max-width:48rem;margin:0 auto;padding:1.5rem;color:#1a1a1a;background:#fff}',
  'a{color:#0b57d0}',
  'code{font-family:ui-monospace,monospace;background:#f2f2f2;padding:0 .25em;border-radius:3px}',
  'table{border-collapse:collapse;width:100%}',
  'th,td{text-align:left;vertical-align:top;padding:.35rem .5rem;border-bottom:1px solid #ddd}',
  'dt{font-weight:bold}',
  'dd{margin:0 0 .5rem}',
].join('');

/**
 * The pages load nothing and run no script: their only style sheet is the
 * inline one, allowed by its hash; no framing, no form, no base URL.
 */
export const PROBLEM_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(PAGE_CSS).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function page(title: string, main: Markup): string {
  return html`<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${new Markup(PAGE_CSS)}</style>
</head>
<body>
${main}
</body>
</html>
`.text;
}

function statusText(status: ProblemType['status']): string {
  return Array.isArray(status) ? status.join(', ') : String(status);
}

function issueCodeSection(codes: readonly string[] | undefined): Markup {
  if (!codes || codes.length === 0) return html``;
  return html`<section aria-labelledby="issue-codes">
<h2 id="issue-codes">errors[].code の値 <span lang="en">/ Values of errors[].code</span></h2>
<ul>
${codes.map((code) => html`<li><code>${code}</code></li>\n`)}</ul>
</section>`;
}

/** The page of one problem type, in Japanese and English. Every registry text is escaped. */
export function renderProblemTypePage(problem: ProblemType): string {
  const errorsText = problem.carriesErrors
    ? html`あり（各項目の位置を JSON Pointer で示します） <span lang="en">/ yes, each item located by a JSON Pointer</span>`
    : html`なし <span lang="en">/ no</span>`;
  return page(
    `${problem.titleJa} (${problem.code}) – Kakehashi`,
    html`<nav aria-label="問題タイプ"><a href="/problems">問題タイプ一覧 <span lang="en">/ All problem types</span></a></nav>
<main>
<h1>${problem.titleJa}</h1>
<p lang="en">${problem.title}</p>
<dl>
<dt>type</dt><dd><code>${problemType(problem.code)}</code></dd>
<dt>HTTP ステータス <span lang="en">/ HTTP status</span></dt><dd>${statusText(problem.status)}</dd>
<dt>errors[]</dt><dd>${errorsText}</dd>
</dl>
<section aria-labelledby="ja">
<h2 id="ja">説明</h2>
<p>${problem.descriptionJa}</p>
<h3>対処方法</h3>
<p>${problem.actionJa}</p>
</section>
<section lang="en" aria-labelledby="en">
<h2 id="en">Description</h2>
<p>${problem.description}</p>
<h3>What to do</h3>
<p>${problem.action}</p>
</section>
${issueCodeSection(problem.issueCodes)}
</main>`,
  );
}

/** The index page: every problem type with its status and titles, linked to its page. */
export function renderProblemTypeIndexPage(problems: readonly ProblemType[]): string {
  const rows = problems.map(
    (problem) =>
      html`<tr><td><a href="${problemType(problem.code)}"><code>${problem.code}</code></a></td><td>${statusText(problem.status)}</td><td>${problem.titleJa}</td><td lang="en">${problem.title}</td></tr>\n`,
  );
  return page(
    '問題タイプ一覧 – Kakehashi',
    html`<main>
<h1>問題タイプ一覧 <span lang="en">/ Problem types</span></h1>
<p>Kakehashi が返すエラー（RFC 9457 の problem+json）の type ごとに、意味と対処方法を説明します。</p>
<p lang="en">What each problem type of Kakehashi's errors (RFC 9457 problem+json) means, and what to do about it.</p>
<table>
<thead><tr><th scope="col">コード <span lang="en">/ Code</span></th><th scope="col">HTTP</th><th scope="col">タイトル</th><th scope="col" lang="en">Title</th></tr></thead>
<tbody>
${rows}</tbody>
</table>
</main>`,
  );
}
