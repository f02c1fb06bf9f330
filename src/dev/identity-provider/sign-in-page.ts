import { ROLE_LABELS } from '../../staff/roles.js';
import { findWard } from '../../staff/wards.js';
import { DEV_STAFF } from './dev-staff.js';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The bundled provider's sign-in page: one button per test staff member (no password: dev only). */
export function signInPage(uid: string): string {
  const buttons = DEV_STAFF.map((member) => {
    const roles = member.roles.map((role) => ROLE_LABELS[role].ja).join('・');
    const wards = member.wards.length > 12 ? '全区' : member.wards.map((code) => findWard(code)?.nameJa ?? code).join('・') || '区なし';
    return `<li><button type="submit" name="staff" value="${escapeHtml(member.id)}">${escapeHtml(member.name)}（${escapeHtml(roles)}／${escapeHtml(wards)}）</button></li>`;
  }).join('\n');
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><title>開発用 認証基盤（テスト職員）</title></head>
<body>
<h1>開発用 認証基盤</h1>
<p>テスト用の職員を選んでサインインします。本番の認証基盤ではありません。</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login"><ul>
${buttons}
</ul></form>
</body></html>`;
}

/** The provider's error page, without third-party assets. */
export function errorPage(out: Record<string, unknown>): string {
  const lines = Object.entries(out).map(([key, value]) => `<p><strong>${escapeHtml(key)}</strong>: ${escapeHtml(String(value))}</p>`).join('');
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>認証エラー</title></head><body><h1>認証エラー</h1>${lines}</body></html>`;
}
