import type { ApplicationStatus } from '../../store/types.js';
import type { Language } from '../texts.js';

/** An application's status as staff read it (the API's codes are for machines). */
const STATUS_LABELS: Record<ApplicationStatus, Record<Language, string>> = {
  received: { ja: '受付', en: 'Received' },
  verified: { ja: '確認済み', en: 'Verified' },
  'in-progress': { ja: '処理中', en: 'In progress' },
  'awaiting-reply': { ja: '回答待ち', en: 'Awaiting a reply' },
  'under-review': { ja: '審査中', en: 'Under review' },
  'returned-for-correction': { ja: '差戻し（訂正待ち）', en: 'Returned for correction' },
  completed: { ja: '完了', en: 'Completed' },
  rejected: { ja: '却下', en: 'Rejected' },
  failed: { ja: '処理失敗', en: 'Failed' },
  issued: { ja: '交付済み', en: 'Issued' },
  'awaiting-pickup': { ja: '受取待ち', en: 'Awaiting pickup' },
  'picked-up': { ja: '受取済み', en: 'Picked up' },
  expired: { ja: '期限切れ', en: 'Expired' },
};

export function statusLabel(status: ApplicationStatus, language: Language): string {
  return STATUS_LABELS[status][language];
}
